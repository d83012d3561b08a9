"""Every POST of the auth pages refuses a missing CSRF token, and an expired sign-in form shows the
form again (never an error page)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.auth.tokens import make_token
from lp.models import OutboxMessage, UserSession
from tests import factories as f
from tests.auth.conftest import password_step

SIGN_IN_FORMS = ["/sign-in", "/sign-in/key", "/sign-in/key/new", "/admin/sign-in"]


def test_csrf_is_on_in_these_tests(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_an_expired_sign_in_form_shows_the_form_again(client, landlord_user, url):
    response = client.post(url, data={"username": "sam.lettings", "password": f.PASSWORD, "key": "123456"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your session expired. Sign in again." in html and 'name="password"' in html
    assert f.PASSWORD not in html
    assert client.application.extensions["sqlalchemy"].session.scalar(select(OutboxMessage)) is None


def test_a_key_without_csrf_token_is_refused(client, landlord_user, db):
    password_step(client, "sam.lettings")
    from tests.auth.conftest import latest_key

    response = client.post("/sign-in/key", data={"key": latest_key("sam@example.org")})
    assert "Your session expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(UserSession)) is None


def test_sign_out_without_csrf_token_keeps_the_session_and_offers_a_button(lead_client, db):
    response = lead_client.post("/sign-out")
    assert response.status_code == 200 and 'action="/sign-out"' in response.get_data(as_text=True)
    assert db.session.scalar(select(UserSession)).revoked_at is None


def test_activation_without_csrf_token_changes_nothing(app, client, db):
    user = f.make_user(f.make_landlord(), status="invited")
    db.session.commit()
    with app.test_request_context():
        token = make_token("activation", user)
    data = {"password": "a brand new passphrase", "password_confirm": "a brand new passphrase", "key_method": "email"}
    response = client.post(f"/activate/{token}", data=data)
    assert response.status_code == 303 and response.location == f"/activate/{token}"
    db.session.refresh(user)
    assert user.status == "invited"


@pytest.mark.parametrize("url, data", [
    ("/forgotten-username", {"email": "sam@example.org"}),
    ("/forgotten-password", {"username_or_email": "sam.lettings"}),
])
def test_recovery_forms_without_csrf_token_send_nothing(client, db, landlord_user, url, data):
    response = client.post(url, data=data)
    assert response.status_code == 303 and response.location == url
    assert db.session.scalar(select(OutboxMessage)) is None


def test_reset_without_csrf_token_changes_nothing(app, client, db, landlord_user):
    with app.test_request_context():
        token = make_token("password_reset", landlord_user)
    old = landlord_user.password_hash
    client.post(f"/reset-password/{token}", data={"password": "a brand new passphrase", "password_confirm": "a brand new passphrase"})
    db.session.refresh(landlord_user)
    assert landlord_user.password_hash == old
