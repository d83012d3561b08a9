"""'Someone else may have used my account': one confirmed POST signs out every session, stops the
password until the user chooses a new one from the e-mail, tells the council and the managers, audits."""
from __future__ import annotations

import re

from sqlalchemy import select

from lp.models import AuditEvent, OutboxMessage, User
from tests import factories as f
from tests.auth.conftest import csrf_of, password_step, path_of, post_form
from tests.conftest import parse_page

NEW_PASSWORD = "plum tractor lantern 42"


def mail(db, kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)))


def test_the_button_signs_out_everywhere_stops_the_password_and_tells_everyone(app, db, landlord_world, sign_in):
    app.config["WTF_CSRF_ENABLED"] = True
    viewer, lead = landlord_world["viewer"], landlord_world["lead"]
    here, elsewhere = sign_in(app.test_client(), viewer), sign_in(app.test_client(), viewer)
    profile = parse_page(here.get("/profile"))
    assert profile.select_one('a[href="/profile/someone-used-my-account"]').get_text(strip=True) == \
        "Someone else may have used my account"
    confirm = parse_page(here.get("/profile/someone-used-my-account"))
    form = confirm.select_one("main form")
    assert form["method"] == "post" and form["action"] == "/profile/someone-used-my-account"
    assert "sign you out on every device" in confirm.text()
    response = here.post("/profile/someone-used-my-account", data={"csrf_token": csrf_of(confirm.response.get_data(as_text=True))})
    assert (response.status_code, response.location) == (303, "/sign-in")
    app.config["WTF_CSRF_ENABLED"] = False  # the sign-in forms below are not what this test is about
    banner = parse_page(here.get("/sign-in")).text(".govuk-notification-banner")
    assert "You have been signed out on every device" in banner
    # Both sessions are over: this browser's and the other one's.
    for client in (here, elsewhere):
        gone = client.get("/profile")
        assert gone.status_code == 303 and gone.location.startswith("/sign-in")
    # The old password no longer signs in.
    refused = parse_page(password_step(app.test_client(), "viewer"))
    assert "Enter a correct username and password" in refused.text()
    # The user, the council and the organisation's user manager are told; no one else.
    (to_user,) = mail(db, "account_secured")
    (to_council,) = mail(db, "account_secured_council")
    (to_manager,) = mail(db, "account_secured_manager")
    assert to_user.recipient == viewer.email and "your old password no longer works" in to_user.body
    assert to_council.recipient == app.config["LP_BENEFITS_EMAIL"]
    assert "viewer" in to_council.body and "Northgate Housing Association" in to_council.body
    assert "/admin/audit?person=viewer" in to_council.body
    assert to_manager.recipient == lead.email and viewer.full_name in to_manager.subject
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.reported_compromised")).one()
    assert (event.user_id, event.object_ref) == (viewer.id, str(viewer.id))
    # The link in the user's e-mail is the way back in.
    link = path_of(re.search(r"https?://\S+/reset-password/\S+", to_user.body).group(0))
    chosen = post_form(app.test_client(), link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert chosen.status_code == 303
    again = password_step(app.test_client(), "viewer", NEW_PASSWORD)
    assert again.status_code == 303 and again.location.startswith("/sign-in/")


def test_without_the_csrf_token_nothing_happens(app, db, landlord_world, sign_in):
    app.config["WTF_CSRF_ENABLED"] = True
    client = sign_in(app.test_client(), landlord_world["viewer"])
    assert client.post("/profile/someone-used-my-account").status_code == 400
    assert parse_page(client.get("/profile")).title.startswith("My profile")
    db.session.expire_all()
    assert db.session.get(User, landlord_world["viewer"].id).password_hash is not None
    assert mail(db, "account_secured") == []


def test_a_council_user_is_sent_to_the_council_sign_in_and_the_admins_are_told(app, db, landlord_world, sign_in):
    app.config["WTF_CSRF_ENABLED"] = False
    other_admin = f.make_user(None, username="admin2", council_role="admin")
    db.session.commit()
    client = sign_in(app.test_client(), landlord_world["council"])
    response = client.post("/profile/someone-used-my-account")
    assert (response.status_code, response.location) == (303, "/admin/sign-in")
    told = sorted(m.recipient for m in mail(db, "account_secured_manager"))
    assert told == sorted([landlord_world["admin"].email, other_admin.email])


def test_the_organisations_access_log_shows_it(app, db, landlord_world, sign_in, lead_client):
    viewer = landlord_world["viewer"]
    sign_in(app.test_client(), viewer).post("/profile/someone-used-my-account")
    rows = parse_page(lead_client.get("/team/activity?action=secured")).select("#events tbody tr")
    assert [[td.get_text(" ", strip=True) for td in row.select("td")][1:3] for row in rows] == [
        [viewer.full_name, "Said someone else may have used their account"]]


def test_the_api_tokens_the_user_made_stop_too(app, db, landlord_world, sign_in):
    """Someone in the account could have made a token, which outlives the sessions and the password."""
    from lp.api import tokens

    lead, other = landlord_world["lead"], landlord_world["other"]
    _, theirs = tokens.create(lead, name="Made while someone was in", permissions=["view_payments"], days=30)
    _, unrelated = tokens.create(other, name="Another organisation's", permissions=["view_payments"], days=30)
    client = sign_in(app.test_client(), lead)
    client.post("/profile/someone-used-my-account")
    api = app.test_client()
    refused = api.get("/api/v1/status", headers={"Authorization": f"Bearer {theirs}"})
    assert refused.status_code == 401 and "revoked" in refused.get_json(force=True)["title"]
    assert api.get("/api/v1/status", headers={"Authorization": f"Bearer {unrelated}"}).status_code == 200
    (to_user,) = mail(db, "account_secured")
    assert "revoked the 1 API token(s) you made" in to_user.body
