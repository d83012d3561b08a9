"""Lock-out after 10 failures in a row (passwords and keys share the count), and one answer for
unknown, locked, deactivated and wrong-password users alike."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import AuditEvent
from tests import factories as f
from tests.auth.conftest import latest_key, outbox, password_step, post_form, without_csrf


def _wrong_keys(client, key: str, times: int):
    wrong = "000000" if key != "000000" else "111111"
    for _ in range(times):
        post_form(client, "/sign-in/key", {"key": wrong})


def test_wrong_keys_and_passwords_share_one_counter_and_the_tenth_locks(client, db, landlord_user):
    password_step(client, "sam.lettings", "not the password 1")
    password_step(client, "sam.lettings")
    _wrong_keys(client, latest_key("sam@example.org"), 8)
    db.session.refresh(landlord_user)
    assert landlord_user.failed_sign_ins == 9 and landlord_user.status == "active"

    _wrong_keys(client, latest_key("sam@example.org"), 1)
    db.session.refresh(landlord_user)
    assert landlord_user.status == "locked" and landlord_user.locked_at is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.locked")) is not None


def test_a_locked_account_cannot_sign_in_even_with_the_right_password(client, db, landlord_user):
    landlord_user.status, landlord_user.failed_sign_ins = "locked", 10
    db.session.commit()
    response = password_step(client, "sam.lettings")
    assert response.status_code == 200 and "Enter a correct username and password" in response.get_data(as_text=True)


def test_a_full_sign_in_resets_the_counter(client, db, landlord_user):
    landlord_user.failed_sign_ins = 9
    db.session.commit()
    password_step(client, "sam.lettings")
    post_form(client, "/sign-in/key", {"key": latest_key("sam@example.org")})
    db.session.refresh(landlord_user)
    assert landlord_user.failed_sign_ins == 0


@pytest.mark.parametrize("case", ["locked", "deactivated", "invited", "unknown", "council"])
def test_every_refusal_looks_exactly_like_a_wrong_password(client, db, landlord_user, case):
    wrong = password_step(client, "sam.lettings", "not the password at all")

    if case == "unknown":
        landlord_user.username = "someone.else"
    elif case == "council":
        landlord_user.kind, landlord_user.landlord_id, landlord_user.council_role = "council", None, "officer"
    else:
        landlord_user.status = case
    db.session.commit()
    refused = password_step(client, "sam.lettings")  # the right password
    assert refused.status_code == wrong.status_code == 200
    assert without_csrf(refused.get_data(as_text=True)) == without_csrf(wrong.get_data(as_text=True))


def test_a_landlord_cannot_sign_in_at_the_council_sign_in(client, db, landlord_user):
    response = password_step(client, "sam.lettings", url="/admin/sign-in")
    assert response.status_code == 200 and "Enter a correct username and password" in response.get_data(as_text=True)


def test_the_password_is_rehashed_when_the_parameters_change(client, db, landlord_user, monkeypatch):
    monkeypatch.setattr("lp.auth.services.needs_rehash", lambda stored: True)
    old = landlord_user.password_hash
    password_step(client, "sam.lettings", f.PASSWORD)
    db.session.refresh(landlord_user)
    assert landlord_user.password_hash != old


def test_the_owner_of_a_locked_account_is_emailed_at_once_with_the_ways_back_in(client, db, landlord_user, clock):
    for n in range(10):
        password_step(client, "sam.lettings", f"not the password {n}")
    [message] = outbox("account_locked", "sam@example.org")
    body = " ".join(message.body.split())
    assert message.subject == "Your Landlord Portal account is locked"
    assert "Your Landlord Portal account (sam.lettings) was locked on 02/03/2026 09:00" in body
    assert "after 10 wrong passwords or keys in a row" in body
    assert "To unlock it, reset your password: http://127.0.0.1:8000/forgotten-password" in body
    assert "A user manager in your organisation (your lead user) can unlock it from the team page, or the council can." in body
    assert "someone may know your password" in body
    # The page says no more than it does for any wrong password: a guesser learns nothing.
    assert "Enter a correct username and password" in password_step(client, "sam.lettings").get_data(as_text=True)
    assert len(outbox("account_locked")) == 1


def test_a_locked_council_user_is_told_to_ask_a_console_admin(client, db, clock):
    f.make_user(None, username="officer.one", email="officer@anytown.example", council_role="officer")
    db.session.commit()
    for n in range(10):
        password_step(client, "officer.one", f"not the password {n}", url="/admin/sign-in")
    [message] = outbox("account_locked", "officer@anytown.example")
    assert "Ask an admin of the council console to unlock it." in message.body
    assert "team page" not in message.body
