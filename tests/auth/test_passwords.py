"""The password rules: 12 to 1,000 printable characters, not common, not the council's or service's name."""
from __future__ import annotations

import pytest

from lp.auth.password_rules import common_passwords, password_problem


def test_the_common_password_list_has_over_10000_entries():
    assert len(common_passwords()) > 10_000 and "qwertyuiop" in common_passwords()


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "100% sure, £5 & <tags>", "ünïcödé pässwörd", "a" * 1000, "twelve chars",
])
def test_long_uncommon_passwords_of_any_characters_are_accepted(app, password):
    with app.app_context():
        assert password_problem(password) is None


@pytest.mark.parametrize("password, problem", [
    ("eleven char", "12 characters or more"),
    ("a" * 1001, "1,000 characters or fewer"),
    ("password1234", "too common"),
    ("anytown is lovely", "name of the council"),
    ("Anytown Borough Council!", "name of the council"),
    ("my landlordportal key", "name of the council or of this service"),
    ("tab\there is bad", "characters you can see"),
])
def test_weak_passwords_are_refused_with_a_reason(app, password, problem):
    with app.app_context():
        assert problem in password_problem(password)


def test_the_username_may_not_be_in_the_password(app):
    with app.app_context():
        assert "username" in password_problem("sam.lettings forever", username="sam.lettings")
