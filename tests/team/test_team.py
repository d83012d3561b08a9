"""The organisation's users: the list, invitations, permission changes, deactivation, and the team's rules."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lp.auth.tokens import read_token
from lp.errors import Refused
from lp.models import AuditEvent, OutboxMessage, User, UserSession
from lp.models.base import utcnow
from tests import factories as f
from tests.auth.conftest import csrf_of
from tests.conftest import parse_page


def reload(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def invite_data(**changes):
    data = {"first_name": "Priya", "last_name": "Shah", "email": "priya@example.org",
            "email_confirm": "priya@example.org", "permissions": ["view_claims", "view_letters"]}
    data.update(changes)
    return data


def test_the_list_shows_users_and_pending_invitations_of_my_organisation_only(db, lead_client, landlord_world):
    f.make_user(landlord_world["landlord"], first_name="Ivy", last_name="Invited", status="invited")
    f.make_user(landlord_world["landlord"], first_name="Gone", last_name="Away", status="deactivated")
    f.make_user(landlord_world["other_landlord"], first_name="Otto", last_name="Other")
    db.session.commit()
    page = parse_page(lead_client.get("/team"))
    members = page.text("#members")
    assert landlord_world["viewer"].email in members and "View payments, View claims" in members
    assert "Otto" not in page.text() and "Gone Away" not in page.text()
    assert "Ivy Invited" in page.text("#invitations")


def test_invite_creates_an_invited_user_and_emails_a_link_that_activates_them(app, db, lead_client, landlord_world):
    response = lead_client.post("/team/invite", data=invite_data())
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "priya@example.org"))
    assert (user.status, user.kind, user.landlord_id) == ("invited", "landlord", landlord_world["landlord"].id)
    assert user.username == "priya.shah" and user.permission_set == {"view_claims", "view_letters"}
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert "priya.shah" in mail.body
    token = mail.body.split("/activate/")[1].split()[0]
    with app.test_request_context():
        assert read_token("invitation", token)[0].id == user.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team.invited")) is not None


def test_a_taken_username_gets_a_number(db, lead_client, landlord_world):
    f.make_user(landlord_world["other_landlord"], username="priya.shah")
    db.session.commit()
    lead_client.post("/team/invite", data=invite_data())
    assert db.session.scalar(select(User.username).where(User.email == "priya@example.org")) == "priya.shah2"


def test_invite_with_mistakes_shows_them_and_keeps_the_input(db, lead_client):
    page = parse_page(lead_client.post("/team/invite", data=invite_data(email_confirm="other@x.example", permissions=[])))
    assert "There is a problem" in page.text(".govuk-error-summary")
    assert "The e-mail addresses do not match" in page.text() and "Select what the user can do" in page.text()
    assert page.select_one("#first_name")["value"] == "Priya"
    assert db.session.scalar(select(User).where(User.email == "priya@example.org")) is None


def test_the_eleventh_user_is_refused(app, db, lead_client, landlord_world):
    for _ in range(app.config["LP_MAX_USERS"] - 2):  # lead and viewer are two
        f.make_user(landlord_world["landlord"], status="invited")
    db.session.commit()
    response = lead_client.post("/team/invite", data=invite_data())
    assert response.status_code == 303
    assert "the most it can have" in lead_client.get("/team").get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "priya@example.org")) is None


def test_a_deactivated_user_frees_a_place_and_their_email_can_be_invited_again(app, db, lead_client, landlord_world):
    for number in range(app.config["LP_MAX_USERS"] - 2):
        f.make_user(landlord_world["landlord"], email=f"p{number}@example.org")
    db.session.commit()
    gone = db.session.scalar(select(User).where(User.email == "p0@example.org"))
    assert lead_client.post(f"/team/{gone.id}/deactivate").status_code == 303
    lead_client.post("/team/invite", data=invite_data(email="p0@example.org", email_confirm="p0@example.org"))
    assert len(db.session.scalars(select(User).where(User.email == "p0@example.org")).all()) == 2


def test_the_same_email_cannot_be_invited_twice_while_live(db, lead_client, landlord_world):
    email = landlord_world["viewer"].email
    page = parse_page(lead_client.post("/team/invite", data=invite_data(email=email, email_confirm=email)))
    assert "already has an account" in page.text(".govuk-error-summary")


def test_changing_permissions_applies_on_the_users_next_request(app, db, lead_client, landlord_world, sign_in):
    viewer = landlord_world["viewer"]
    viewer_client = sign_in(app.test_client(), viewer)
    assert viewer_client.get("/claims").status_code == 200
    response = lead_client.post(f"/team/{viewer.id}", data={"permissions": ["view_payments"]})
    assert response.status_code == 303
    assert viewer_client.get("/claims").status_code == 403
    assert reload(db, viewer).permission_set == {"view_payments"}


def test_nobody_changes_their_own_permissions_or_deactivates_themselves(db, lead_client, landlord_world):
    lead = landlord_world["lead"]
    lead_client.post(f"/team/{lead.id}", data={"permissions": ["view_payments"]})
    lead_client.post(f"/team/{lead.id}/deactivate")
    lead = reload(db, lead)
    assert lead.can("manage_users") and lead.status == "active"
    assert "You cannot" in lead_client.get(f"/team/{lead.id}").get_data(as_text=True)


def test_the_last_user_manager_cannot_be_demoted_or_deactivated(app, db, landlord_world):
    """Two managers acting at once could each remove the other; the rule is checked after the change."""
    from lp.team import services

    lead, second = landlord_world["lead"], f.make_user(landlord_world["landlord"], username="second")
    lead.set_permissions(["view_payments"])  # as if `second` had just demoted the lead
    db.session.commit()
    with app.test_request_context():
        for attempt in (lambda: services.set_permissions(lead, second, ["view_claims"]),
                        lambda: services.deactivate(lead, second)):
            with pytest.raises(Refused, match="at least one active user who can manage users"):
                attempt()
    second = reload(db, second)
    assert second.can("manage_users") and second.status == "active"


def test_a_deactivated_users_live_session_is_refused_on_its_next_request(app, db, lead_client, landlord_world, sign_in):
    viewer = landlord_world["viewer"]
    viewer.mobile, viewer.mobile_confirmed = "+447700900123", True
    db.session.commit()
    viewer_client = sign_in(app.test_client(), viewer)
    assert viewer_client.get("/claims").status_code == 200
    assert parse_page(lead_client.get(f"/team/{viewer.id}/deactivate")).select("form button")
    assert lead_client.post(f"/team/{viewer.id}/deactivate").status_code == 303
    response = viewer_client.get("/claims")
    assert response.status_code == 303 and "/sign-in" in response.location
    viewer = reload(db, viewer)
    assert viewer.status == "deactivated" and viewer.mobile is None
    assert all(s.revoked_at for s in db.session.scalars(select(UserSession).where(UserSession.user_id == viewer.id)))
    assert viewer.email not in lead_client.get("/team").get_data(as_text=True)


def test_reset_mobile_and_unlock(db, lead_client, landlord_world):
    user = f.make_user(landlord_world["landlord"], mobile="+447700900555", mobile_confirmed=True,
                       status="locked", failed_sign_ins=5, locked_at=utcnow())
    user.key_method = "sms"
    db.session.commit()
    lead_client.post(f"/team/{user.id}/reset-mobile")
    lead_client.post(f"/team/{user.id}/unlock")
    user = reload(db, user)
    assert (user.mobile, user.mobile_confirmed, user.mobile_reset_requested, user.key_method) == (None, False, True, "email")
    assert (user.status, user.failed_sign_ins, user.locked_at) == ("active", 0, None)
    assert "Mobile reset requested" in lead_client.get("/team").get_data(as_text=True)


def test_resend_and_cancel_an_invitation(app, db, lead_client, landlord_world):
    invited = f.make_user(landlord_world["landlord"], status="invited", email="ivy@lettings.example")
    db.session.commit()
    lead_client.post(f"/team/{invited.id}/resend")
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "ivy@lettings.example"))
    lead_client.post(f"/team/{invited.id}/cancel")
    assert reload(db, invited).status == "deactivated"
    assert "ivy@lettings.example" not in lead_client.get("/team").get_data(as_text=True)


@pytest.mark.parametrize("path", ["", "/deactivate"])
def test_another_organisations_user_is_not_found(lead_client, landlord_world, path):
    other = landlord_world["other"]
    assert lead_client.get(f"/team/{other.id}{path}").status_code == 404
    assert lead_client.post(f"/team/{other.id}{path}", data={"permissions": ["view_payments"]}).status_code == 404


def test_changes_need_a_sign_in_within_15_minutes(db, lead_client, landlord_world):
    db.session.execute(UserSession.__table__.update().values(authenticated_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    viewer = landlord_world["viewer"]
    response = lead_client.post(f"/team/{viewer.id}", data={"permissions": ["view_payments"]})
    assert response.status_code == 303 and response.location.startswith("/sign-in?next=")
    assert reload(db, viewer).permission_set == {"view_payments", "view_claims"}
    assert lead_client.post("/team/invite", data=invite_data()).status_code == 303
    assert db.session.scalar(select(User).where(User.email == "priya@example.org")) is None


def test_posts_without_a_csrf_token_are_refused(app, db, lead_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = True
    viewer = landlord_world["viewer"]
    for url, data in [("/team/invite", invite_data()), (f"/team/{viewer.id}", {"permissions": ["view_payments"]}),
                      (f"/team/{viewer.id}/deactivate", {})]:
        assert lead_client.post(url, data=data).status_code == 400
    assert reload(db, viewer).status == "active" and reload(db, viewer).permission_set == {"view_payments", "view_claims"}
    token = csrf_of(lead_client.get(f"/team/{viewer.id}/deactivate").get_data(as_text=True))
    assert lead_client.post(f"/team/{viewer.id}/deactivate", data={"csrf_token": token}).status_code == 303


def test_the_users_csv_lists_the_organisation_and_is_audited(db, lead_client, landlord_world):
    response = lead_client.get("/team/users.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and "viewer" in text and landlord_world["other"].email not in text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "users.exported", AuditEvent.object_type == "users"))


def test_the_access_log_shows_only_my_organisations_events_filtered_by_person_and_action(db, lead_client, landlord_world):
    from lp import audit

    lead, viewer, other = landlord_world["lead"], landlord_world["viewer"], landlord_world["other"]
    with lead_client.application.test_request_context():
        audit.record("claim.viewed", object_type="claim", object_ref="HB-MINE", user=viewer)
        audit.record("letter.opened", object_type="letter", object_ref="L-MINE", user=lead)
        audit.record("claim.viewed", object_type="claim", object_ref="HB-THEIRS", user=other)
        old = audit.record("claim.viewed", object_type="claim", object_ref="HB-OLD", user=viewer)
        old.at = utcnow() - timedelta(days=91)
    db.session.commit()
    page = parse_page(lead_client.get("/team/activity"))
    events = page.text("#events")
    assert "HB-MINE" in events and "L-MINE" in events
    assert "HB-THEIRS" not in page.text() and "HB-OLD" not in page.text()
    filtered = parse_page(lead_client.get(f"/team/activity?person={viewer.id}&action=view")).text("#events")
    assert "HB-MINE" in filtered and "L-MINE" not in filtered
    assert "HB-THEIRS" not in lead_client.get(f"/team/activity?person={other.id}").get_data(as_text=True)


def test_a_users_page_offers_the_changes_a_manager_may_make(db, lead_client, landlord_world):
    viewer = landlord_world["viewer"]
    viewer.status, viewer.mobile = "locked", "+447700900777"
    db.session.commit()
    page = parse_page(lead_client.get(f"/team/{viewer.id}"))
    assert [box["value"] for box in page.select('input[name="permissions"][checked]')] == ["view_payments", "view_claims"]
    actions = page.text("main")
    assert "Unlock their account" in actions and "Reset their mobile number" in actions and "Deactivate" in actions
    assert parse_page(lead_client.get("/team/invite")).select('input[name="email_confirm"]')
