"""My profile: what it shows, and every change: recent sign-in, confirmation, notice and audit."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lp.auth.passwords import verify_password
from lp.models import AuditEvent, OneTimeCode, OutboxMessage, User, UserSession
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


def outbox(db, **where):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    for column, value in where.items():
        query = query.where(getattr(OutboxMessage, column) == value)
    return db.session.scalars(query).all()


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def fresh(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_profile_shows_the_users_details_with_change_links(lead_client, landlord_world):
    lead = landlord_world["lead"]
    page = parse_page(lead_client.get("/profile"))
    summary = page.text("#profile")
    for expected in (lead.full_name, "lead", lead.email, "By e-mail", "New-letter alerts"):
        assert expected in summary
    changes = {a["href"] for a in page.select("#profile a")}
    assert changes == {"/profile/email", "/profile/mobile", "/profile/keys", "/profile/alerts", "/profile/password"}


def test_users_without_view_letters_have_no_alerts(viewer_client):
    page = parse_page(viewer_client.get("/profile"))
    assert "New-letter alerts" not in page.text("#profile")
    assert viewer_client.get("/profile/alerts").status_code == 403


def test_council_users_have_a_profile_without_key_choice(council_client):
    page = parse_page(council_client.get("/profile"))
    assert "Authenticator app" in page.text("#profile")
    assert not page.select("#profile a[href='/profile/keys']")
    assert council_client.get("/profile/keys").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/profile")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("url", ["/profile/email", "/profile/mobile", "/profile/keys", "/profile/alerts", "/profile/password"])
def test_changes_need_a_sign_in_in_the_last_15_minutes(db, lead_client, url):
    db.session.query(UserSession).update({"authenticated_at": utcnow() - timedelta(minutes=16)})
    db.session.commit()
    response = lead_client.post(url, data={})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/sign-in?next={url}"
    assert outbox(db) == []


def test_email_change_sends_a_link_and_changes_nothing_until_it_is_posted(db, lead_client, landlord_world):
    lead = landlord_world["lead"]
    old_email = lead.email
    response = lead_client.post("/profile/email", data={"email": "new.lead@example.org"})
    assert response.status_code == 303
    [link_message] = outbox(db, recipient="new.lead@example.org")
    path = re.search(r"https?://[^/]+(/profile/email/confirm/\S+)", link_message.body).group(1)
    assert fresh(db, lead).email == old_email

    page = parse_page(lead_client.get(path))
    assert "new.lead@example.org" in page.text()
    assert fresh(db, lead).email == old_email  # a GET (a mail scanner's, say) changes nothing

    assert lead_client.post(path).status_code == 303
    assert fresh(db, lead).email == "new.lead@example.org"
    assert any("e-mail address was changed" in m.body for m in outbox(db, recipient=old_email))
    assert {"profile.email_change_requested", "profile.email_changed"} <= set(actions(db))
    assert parse_page(lead_client.post(path), status=404)  # the link works once


def test_email_change_link_of_another_user_or_tampered_does_not_work(db, lead_client, landlord_world):
    from lp.auth.tokens import make_token

    token = make_token("email_change", landlord_world["viewer"], email="x@example.org")
    page = parse_page(lead_client.post(f"/profile/email/confirm/{token}"), status=404)
    assert "This link does not work" in page.text("h1")
    parse_page(lead_client.get(f"/profile/email/confirm/{token}x"), status=404)
    assert fresh(db, landlord_world["viewer"]).email != "x@example.org"


def test_bad_email_is_shown_by_the_field_with_input_kept(lead_client):
    page = parse_page(lead_client.post("/profile/email", data={"email": "not-an-address"}))
    assert "Enter an e-mail address in the correct format" in page.text("#email-error")
    assert page.select_one(".govuk-error-summary a[href='#email']")
    assert page.select_one("#email")["value"] == "not-an-address"


def _code_sent_to(db, mobile):
    [sms] = outbox(db, recipient=mobile)
    return re.search(r"\b(\d{6})\b", sms.body).group(1)


def test_mobile_change_is_confirmed_by_an_sms_code(db, lead_client, landlord_world):
    lead = landlord_world["lead"]
    assert lead_client.post("/profile/mobile", data={"mobile": "07400 123456"}).headers["Location"] == "/profile/mobile/confirm"
    code = _code_sent_to(db, "+447400123456")
    stored = db.session.scalars(select(OneTimeCode).where(OneTimeCode.purpose == "confirm_mobile")).one()
    assert code not in stored.code_hash and stored.expires_at - stored.created_at == timedelta(minutes=10)
    assert fresh(db, lead).mobile is None

    page = parse_page(lead_client.post("/profile/mobile/confirm", data={"code": "000000" if code != "000000" else "111111"}))
    assert "The code is not right" in page.text("#code-error")
    assert lead_client.post("/profile/mobile/confirm", data={"code": code}).status_code == 303
    lead = fresh(db, lead)
    assert (lead.mobile, lead.mobile_confirmed) == ("+447400123456", True)
    assert any("mobile number was changed" in m.body for m in outbox(db, recipient=lead.email))
    assert "profile.mobile_changed" in actions(db)


def test_mobile_code_dies_after_five_wrong_tries(db, lead_client):
    lead_client.post("/profile/mobile", data={"mobile": "07400 123456"})
    code = _code_sent_to(db, "+447400123456")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        lead_client.post("/profile/mobile/confirm", data={"code": wrong})
    page = parse_page(lead_client.post("/profile/mobile/confirm", data={"code": code}))
    assert "The code is not right" in page.text("#code-error")


def test_a_mobile_another_user_has_is_refused(db, lead_client, landlord_world):
    landlord_world["viewer"].mobile = "+447400123456"
    db.session.commit()
    page = parse_page(lead_client.post("/profile/mobile", data={"mobile": "07400123456"}))
    assert "already used by another account" in page.text("#mobile-error")


def test_sms_keys_need_a_confirmed_mobile(db, lead_client, landlord_world):
    page = parse_page(lead_client.post("/profile/keys", data={"key_method": "sms"}))
    assert "Add and confirm a mobile number" in page.text("#key_method-error")
    lead = landlord_world["lead"]
    lead.mobile, lead.mobile_confirmed = "+447400123456", True
    db.session.commit()
    assert lead_client.post("/profile/keys", data={"key_method": "sms"}).status_code == 303
    assert fresh(db, lead).key_method == "sms"
    assert any("sign-in keys was changed" in m.body for m in outbox(db, recipient=lead.email))
    assert "profile.key_method_changed" in actions(db)


def test_alerts_default_to_email_and_can_be_changed(db, lead_client, landlord_world):
    page = parse_page(lead_client.get("/profile/alerts"))
    assert page.select_one("#alerts_email").has_attr("checked")
    assert not page.select_one("#alerts_sms").has_attr("checked")
    page = parse_page(lead_client.post("/profile/alerts", data={"alerts_email": "y", "alerts_sms": "y"}))
    assert "Add and confirm a mobile number" in page.text(".govuk-error-summary")
    # Unticked boxes send nothing; a browser still sends the CSRF token, so the form is not empty.
    assert lead_client.post("/profile/alerts", data={"csrf_token": "-"}).status_code == 303
    lead = fresh(db, landlord_world["lead"])
    assert (lead.alerts_email, lead.alerts_sms) == (False, False)
    assert any("alerts were changed" in m.body for m in outbox(db, recipient=lead.email))


def test_password_change_needs_the_current_one_and_a_good_new_one(db, lead_client):
    page = parse_page(lead_client.post("/profile/password", data={
        "current_password": "wrong", "new_password": "short", "confirm_password": "short"}))
    assert "Your current password is not right" in page.text("#current_password-error")
    assert "12 characters or more" in page.text("#new_password-error")
    assert page.select_one("#current_password").get("value") is None  # passwords are never echoed


def test_password_change_ends_other_sessions_and_keeps_this_one(app, db, lead_client, landlord_world, sign_in):
    lead = landlord_world["lead"]
    elsewhere = sign_in(app.test_client(), lead)
    response = lead_client.post("/profile/password", data={
        "current_password": f.PASSWORD, "new_password": "a quiet lighthouse keeper",
        "confirm_password": "a quiet lighthouse keeper"})
    assert response.status_code == 303
    assert verify_password(fresh(db, lead).password_hash, "a quiet lighthouse keeper")
    assert lead_client.get("/profile").status_code == 200
    assert elsewhere.get("/profile").status_code == 303
    assert any("password was changed" in m.body for m in outbox(db, recipient=lead.email))
    assert "profile.password_changed" in actions(db)


@pytest.mark.parametrize("url, data", [
    ("/profile/email", {"email": "new@example.org"}),
    ("/profile/mobile", {"mobile": "07400123456"}),
    ("/profile/keys", {"key_method": "email"}),
    ("/profile/alerts", {"alerts_email": "y"}),
    ("/profile/password", {"current_password": f.PASSWORD, "new_password": "a quiet lighthouse keeper",
                           "confirm_password": "a quiet lighthouse keeper"}),
])
def test_changes_without_csrf_are_refused(app, db, lead_client, url, data):
    app.config["WTF_CSRF_ENABLED"] = True
    assert lead_client.post(url, data=data).status_code == 400
    assert outbox(db) == []


def test_after_a_mobile_reset_the_user_adds_a_new_number_before_anything_else(db, app, sign_in, landlord_world):
    viewer = landlord_world["viewer"]
    viewer.mobile, viewer.mobile_confirmed, viewer.mobile_reset_requested = None, False, True
    db.session.commit()
    client = sign_in(app.test_client(), viewer)
    for path in ("/", "/claims", "/payments"):
        response = client.get(path)
        assert (response.status_code, response.location) == (303, "/profile/mobile"), path
    assert client.get("/claims", headers={"HX-Request": "true"}).headers["HX-Redirect"] == "/profile/mobile"
    assert "Your mobile number was reset" in client.get("/profile/mobile").get_data(as_text=True)

    client.post("/profile/mobile", data={"mobile": "07400 654321"})
    client.post("/profile/mobile/confirm", data={"code": _code_sent_to(db, "+447400654321")})
    db.session.refresh(viewer)
    assert (viewer.mobile, viewer.mobile_confirmed, viewer.mobile_reset_requested) == ("+447400654321", True, False)
    assert client.get("/").status_code == 200
