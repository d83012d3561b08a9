"""Council sign-in: password, then the authenticator app (enrolled at first sign-in), no code used
twice, an e-mailed key when the app is not to hand; landlords and council users kept apart."""
from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from lp.models import UserSession
from tests import factories as f
from tests.auth.conftest import latest_key, outbox, password_step, post_form

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def officer(db):
    user = f.make_user(None, username="officer.one", email="officer@anytown.example", council_role="officer",
                       totp_secret=SECRET)
    db.session.commit()
    return user


def _code_at(clock, secret=SECRET) -> str:
    return pyotp.TOTP(secret).at(clock.now)


def test_password_then_app_code_signs_in_to_the_console(client, officer, clock):
    response = password_step(client, "officer.one", url="/admin/sign-in?next=/admin/users")
    assert response.location == "/admin/sign-in/code"
    response = post_form(client, "/admin/sign-in/code", {"key": _code_at(clock)})
    assert response.status_code == 303 and response.location == "/admin/users"


def test_a_used_code_is_refused_the_second_time(app, client, db, officer, clock):
    password_step(client, "officer.one", url="/admin/sign-in")
    code = _code_at(clock)
    assert post_form(client, "/admin/sign-in/code", {"key": code}).location == "/admin"

    again = app.test_client()
    password_step(again, "officer.one", url="/admin/sign-in")
    response = post_form(again, "/admin/sign-in/code", {"key": code})
    assert response.status_code == 200 and "The code is not right" in response.get_data(as_text=True)


def test_codes_one_step_either_side_are_accepted_but_not_two(client, officer, clock):
    password_step(client, "officer.one", url="/admin/sign-in")
    two_steps_ago = pyotp.TOTP(SECRET).at(clock.now.timestamp() - 60)
    assert post_form(client, "/admin/sign-in/code", {"key": two_steps_ago}).status_code == 200
    one_step_ago = pyotp.TOTP(SECRET).at(clock.now.timestamp() - 30)
    assert post_form(client, "/admin/sign-in/code", {"key": one_step_ago}).status_code == 303


def test_first_sign_in_enrols_the_app_with_a_qr_code(client, db, officer, clock, get_page):
    officer.totp_secret = None
    db.session.commit()
    assert password_step(client, "officer.one", url="/admin/sign-in").location == "/admin/sign-in/set-up-app"
    page = get_page("/admin/sign-in/set-up-app")
    assert page.select_one("img")["src"].startswith("data:image/svg+xml;base64,")
    secret = page.text(".lp-secret").replace(" ", "")
    response = post_form(client, "/admin/sign-in/set-up-app", {"key": _code_at(clock, secret)})
    assert response.location == "/admin"
    db.session.refresh(officer)
    assert officer.totp_secret == secret


def test_without_the_app_a_key_comes_by_email(client, officer):
    password_step(client, "officer.one", url="/admin/sign-in")
    response = post_form(client, "/admin/sign-in/use-email", {"channel": "email"}, page="/admin/sign-in/code")
    assert response.location == "/admin/sign-in/key"
    response = post_form(client, "/admin/sign-in/key", {"key": latest_key("officer@anytown.example")})
    assert response.location == "/admin"


def test_a_council_user_cannot_sign_in_at_the_landlord_sign_in(client, officer):
    response = password_step(client, "officer.one")
    assert response.status_code == 200 and "Enter a correct username and password" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/sign-in/code", "/admin/sign-in/set-up-app", "/admin/sign-in/use-email",
                                 "/admin/sign-in/key"])
def test_council_code_forms_refuse_a_missing_csrf_token(client, db, officer, clock, url):
    password_step(client, "officer.one", url="/admin/sign-in")
    response = client.post(url, data={"key": _code_at(clock), "channel": "email"})
    assert response.status_code == 303 and response.location.startswith("/admin/sign-in")
    assert db.session.scalar(select(UserSession)) is None and not outbox("sign_in_key")
