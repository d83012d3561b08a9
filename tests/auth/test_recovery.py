"""Forgotten username and password: one answer for all, links by e-mail, single use, 1 hour,
dead after a password change; a reset unlocks and ends every session."""
from __future__ import annotations

from sqlalchemy import select

from lp.models import UserSession
from tests.auth.conftest import latest_link, outbox, path_of, post_form

NEW_PASSWORD = "plum tractor lantern 42"


def test_forgotten_username_says_the_same_whether_or_not_the_address_is_known(client, landlord_user):
    known = post_form(client, "/forgotten-username", {"email": "SAM@example.org"})
    unknown = post_form(client, "/forgotten-username", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 303
    assert known.location == unknown.location == "/check-your-email"
    [message] = outbox("username_reminder")
    assert message.recipient == "sam@example.org" and "sam.lettings" in message.body


def test_forgotten_password_says_the_same_whether_or_not_the_account_is_known(client, landlord_user):
    answers = [post_form(client, "/forgotten-password", {"username_or_email": value})
               for value in ("sam.lettings", "nobody", "sam@example.org", "nobody@example.org")]
    assert {(a.status_code, a.location) for a in answers} == {(303, "/check-your-email")}
    assert len(outbox("password_reset", "sam@example.org")) == 2


def _reset_link(client) -> str:
    post_form(client, "/forgotten-password", {"username_or_email": "sam.lettings"})
    return path_of(latest_link("sam@example.org", "password_reset"))


def _choose(client, link, password=NEW_PASSWORD):
    return post_form(client, link, {"password": password, "password_confirm": password})


def test_a_reset_link_works_once(client, db, landlord_user, get_page):
    link = _reset_link(client)
    assert _choose(client, link).location == "/sign-in"
    assert "This link has expired" in get_page(link).text()


def test_a_reset_link_dies_when_the_password_changes(client, db, landlord_user, get_page):
    first, second = _reset_link(client), _reset_link(client)
    _choose(client, second)
    assert "This link has expired" in get_page(first).text()


def test_a_reset_link_lasts_1_hour(app, client, landlord_user, get_page):
    import time

    from lp.auth.tokens import TokenInvalid, read_token

    link = _reset_link(client)
    token = link.rsplit("/", 1)[1]
    with app.test_request_context():
        read_token("password_reset", token, now_seconds=time.time() + 3599)
        try:
            read_token("password_reset", token, now_seconds=time.time() + 3601)
        except TokenInvalid:
            pass
        else:
            raise AssertionError("a reset link older than an hour was accepted")


def test_a_reset_unlocks_and_ends_every_session(client, db, landlord_user, sign_in, app):
    sign_in(app.test_client(), landlord_user)
    landlord_user.status, landlord_user.failed_sign_ins = "locked", 10
    db.session.commit()
    _choose(client, _reset_link(client))
    db.session.refresh(landlord_user)
    assert landlord_user.status == "active" and landlord_user.failed_sign_ins == 0 and landlord_user.locked_at is None
    assert all(s.revoked_at is not None for s in db.session.scalars(select(UserSession)))
    assert outbox("password_changed", "sam@example.org")


def test_password_rules_are_applied_to_the_new_password(client, landlord_user):
    link = _reset_link(client)
    for password, message in [
        ("short pass", "Your password must be 12 characters or more"),
        ("password123456", "Your password is too common"),
        ("Anytown forever 2026", "must not include the name of the council"),
        ("x" * 1001, "Your password must be 1,000 characters or fewer"),
    ]:
        html = _choose(client, link, password).get_data(as_text=True)
        assert message in html, password
    assert _choose(client, link, "100% {my} <own> words").location == "/sign-in"  # any printable character
