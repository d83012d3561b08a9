"""Activation: the GET never spends the link; the POST sets a password and the way keys arrive."""
from __future__ import annotations

import pytest

from lp.auth.tokens import activation_url
from tests import factories as f
from tests.auth.conftest import latest_key, path_of, post_form

NEW_PASSWORD = "plum tractor lantern 42"


@pytest.fixture
def invited(app, db):
    user = f.make_user(f.make_landlord(), username="new.user", email="new@example.org", status="invited")
    db.session.commit()
    return user


@pytest.fixture
def link(app, invited):
    with app.app_context():
        return path_of(activation_url(invited))


def test_activation_url_is_absolute_on_the_base_url(app, invited):
    with app.app_context():
        assert activation_url(invited).startswith("http://127.0.0.1:8000/activate/")
        assert activation_url(invited, "invitation") != activation_url(invited)


def test_opening_the_link_does_not_spend_it(client, db, invited, link, get_page):
    for _ in range(2):  # a mail scanner, then the person
        page = get_page(link)
        assert "new.user" in page.text() and page.select_one('input[name="password"]')
    db.session.refresh(invited)
    assert invited.status == "invited"


def test_activation_with_email_keys_makes_the_account_active_and_spends_the_link(client, db, invited, link, get_page):
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "key_method": "email"}
    response = post_form(client, link, data)
    assert response.status_code == 303 and response.location == "/sign-in"
    db.session.refresh(invited)
    assert invited.status == "active" and invited.key_method == "email"
    assert "This link has expired" in get_page(link).text()


def test_an_invitation_link_works_too(app, client, db, invited):
    with app.app_context():
        link = path_of(activation_url(invited, "invitation"))
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "key_method": "email"}
    assert post_form(client, link, data).status_code == 303


def test_text_message_keys_need_the_mobile_confirmed_by_a_code(client, db, invited, link):
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "key_method": "sms", "mobile": "07911 123456"}
    response = post_form(client, link, data)
    assert response.location == "/activate/confirm-mobile"
    db.session.refresh(invited)
    assert invited.mobile == "+447911123456" and not invited.mobile_confirmed and invited.key_method == "email"

    code = latest_key("+447911123456", kind="confirm_mobile")
    assert post_form(client, "/activate/confirm-mobile", {"key": code}).location == "/sign-in"
    db.session.refresh(invited)
    assert invited.mobile_confirmed and invited.key_method == "sms"


def test_a_bad_form_keeps_the_input_but_never_the_password(client, invited, link):
    data = {"password": "short", "password_confirm": "short", "key_method": "sms", "mobile": "01632 960001"}
    response = post_form(client, link, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your password must be 12 characters or more" in html
    assert "Enter a UK mobile number, like 07700 900 982" in html and "01632 960001" in html
    assert 'value="short"' not in html


def test_a_mobile_in_use_by_another_account_is_refused(client, db, invited, link):
    f.make_user(f.make_landlord(), mobile="+447911123456")
    db.session.commit()
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "key_method": "sms", "mobile": "07911123456"}
    response = post_form(client, link, data)
    assert response.status_code == 200 and "This mobile number is used by another account" in response.get_data(as_text=True)
    db.session.refresh(invited)
    assert invited.status == "invited"
