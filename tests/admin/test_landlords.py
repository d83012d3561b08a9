"""Landlords and their users: search, an organisation's page, linking a reference, and the user actions."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lp.auth.tokens import read_token
from lp.models import AuditEvent, LandlordAccount, OutboxMessage, User, UserSession
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def events(db, action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def fresh(db, model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


@pytest.mark.parametrize("term", ["northgate", "9999", "an1 1aa", "LEAD"])
def test_search_finds_an_organisation_by_name_reference_postcode_or_user_email(council_client, landlord_world, term):
    landlord_world["lead"].email = "lead@northgate.example"
    page = parse_page(council_client.get("/admin/landlords", query_string={"q": term}))
    names = [a.get_text(strip=True) for a in page.select("#landlords a")]
    assert "Northgate Housing Association" in names
    if term != "an1 1aa":  # the factories give every account the same postcode
        assert "Other Lettings Ltd" not in names


def test_search_for_nothing_known_says_so(council_client, landlord_world):
    page = parse_page(council_client.get("/admin/landlords?q=zzz%25"))
    assert "No organisation matches" in page.text("#landlord-results")


def test_organisation_page_shows_accounts_users_invitations_and_registrations(db, council_client, landlord_world):
    org = landlord_world["landlord"]
    f.make_user(org, username="locked1", status="locked", locked_at=utcnow(), first_name="Lola", last_name="Locke")
    f.make_user(org, username="newbie", status="invited", first_name="Nina", last_name="New")
    f.make_registration(landlord_reference="9998", status="approved", landlord_id=org.id)
    db.session.commit()

    page = parse_page(council_client.get(f"/admin/landlords/{org.id}"))
    assert [c.get_text(strip=True) for c in page.select("#accounts tbody td:first-child")] == ["9998", "9999"]
    locked_row = next(r for r in page.select("#users tbody tr") if "Lola Locke" in r.get_text())
    assert "Locked" in locked_row.get_text() and locked_row.select_one("button").get_text(" ", strip=True).startswith("Unlock")
    assert "Never" in locked_row.get_text() and "E-mail" in locked_row.get_text()
    assert "Nina New" in page.text("#invited")
    assert "9998" in page.text("#registrations")
    [view] = events(db, "landlord.viewed")
    assert (view.object_type, view.landlord_id) == ("landlord", org.id)


def test_linking_a_reference_from_the_extract_adds_it_to_the_organisation(db, council_client, landlord_world):
    account = f.make_account(None, reference="5001")
    db.session.commit()
    org = landlord_world["landlord"]
    response = council_client.post(f"/admin/landlords/{org.id}/accounts", data={"reference": " 5001 "})
    assert response.status_code == 303
    assert "5001 is now part of Northgate" in parse_page(council_client.get(response.headers["Location"])).text()
    assert fresh(db, LandlordAccount, account.id).landlord_id == org.id
    assert events(db, "landlord.reference_linked")[0].detail == "landlord reference 5001"


@pytest.mark.parametrize("reference, message", [
    ("5404", "5404 is not in the loaded extract"),
    ("7001", "7001 already belongs to another organisation"),
    ("", "Enter the landlord reference"),
])
def test_linking_a_reference_that_cannot_be_linked_is_refused_with_a_message(db, council_client, landlord_world,
                                                                           reference, message):
    org = landlord_world["landlord"]
    page = parse_page(council_client.post(f"/admin/landlords/{org.id}/accounts", data={"reference": reference}))
    assert message in page.text(".govuk-error-summary") and message in page.text("#link-account")
    assert page.select_one("#reference")["value"] == reference
    other = db.session.scalar(select(LandlordAccount).where(LandlordAccount.reference == "7001"))
    assert fresh(db, LandlordAccount, other.id).landlord_id == landlord_world["other_landlord"].id


def test_unlocking_a_user_lets_them_sign_in_again(db, council_client, landlord_world):
    org = landlord_world["landlord"]
    user = f.make_user(org, status="locked", failed_sign_ins=10, locked_at=utcnow())
    db.session.commit()
    response = council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/unlock")
    assert response.status_code == 303
    assert "can sign in again" in parse_page(council_client.get(response.headers["Location"])).text()
    user = fresh(db, User, user.id)
    assert (user.status, user.failed_sign_ins, user.locked_at) == ("active", 0, None)
    assert events(db, "user.unlocked")[0].object_ref == str(user.id)


def test_resending_an_activation_emails_a_working_link(app, db, council_client, landlord_world):
    org = landlord_world["landlord"]
    user = f.make_user(org, status="invited", email="nina@northgate.example")
    db.session.commit()
    council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/resend-activation")
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "nina@northgate.example")).all()
    link = next(line for line in email.body.splitlines() if line.startswith("http"))
    assert read_token("activation", link.rsplit("/", 1)[1])[0].id == user.id


def test_resetting_a_mobile_removes_it_and_sends_keys_by_email(db, council_client, landlord_world):
    org = landlord_world["landlord"]
    user = f.make_user(org, mobile="+447700900123", mobile_confirmed=True)
    user.key_method = "sms"
    db.session.commit()
    council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/reset-mobile")
    user = fresh(db, User, user.id)
    assert (user.mobile, user.mobile_confirmed, user.mobile_reset_requested, user.key_method) == (None, False, True, "email")


def test_deactivating_asks_first_then_signs_the_user_out_everywhere(app, db, council_client, landlord_world, sign_in):
    org, viewer = landlord_world["landlord"], landlord_world["viewer"]
    viewer_client = sign_in(app.test_client(), viewer)
    url = f"/admin/landlords/{org.id}/users/{viewer.id}/deactivate"
    confirm = parse_page(council_client.get(url))
    assert "Deactivate" in confirm.select_one("main form button").get_text()
    assert fresh(db, User, viewer.id).status == "active"

    assert council_client.post(url).status_code == 303
    user = fresh(db, User, viewer.id)
    assert (user.status, user.mobile) == ("deactivated", None) and user.deactivated_at is not None
    assert db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.user_id == viewer.id, UserSession.revoked_at.is_(None))) == 0
    assert viewer_client.get("/").status_code == 303  # signed out


def test_another_organisations_user_is_not_found_under_this_one(db, council_client, landlord_world):
    org, stranger = landlord_world["landlord"], landlord_world["other"]
    assert council_client.post(f"/admin/landlords/{org.id}/users/{stranger.id}/reset-mobile").status_code == 404
    assert council_client.get(f"/admin/landlords/{org.id}/users/{stranger.id}/deactivate").status_code == 404


def test_unlocking_needs_a_sign_in_in_the_last_15_minutes(db, council_client, landlord_world):
    org = landlord_world["landlord"]
    user = f.make_user(org, status="locked", locked_at=utcnow())
    for record in db.session.scalars(select(UserSession).where(UserSession.user_id == landlord_world["council"].id)):
        record.authenticated_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    response = council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/unlock")
    assert response.headers["Location"] == f"/admin/sign-in?next=/admin/landlords/{org.id}"
    assert fresh(db, User, user.id).status == "locked"


def test_a_data_user_cannot_unlock_or_approve(app, db, landlord_world, sign_in):
    org = landlord_world["landlord"]
    user = f.make_user(org, status="locked", locked_at=utcnow())
    registration = f.make_registration(landlord_reference="9998")
    db.session.commit()
    data_client = sign_in(app.test_client(), landlord_world["data_user"])
    assert data_client.post(f"/admin/landlords/{org.id}/users/{user.id}/unlock").status_code == 403
    assert data_client.post(f"/admin/registrations/{registration.id}/approve").status_code == 403
    assert data_client.get("/admin/landlords").status_code == 403
    assert fresh(db, User, user.id).status == "locked"


def test_user_actions_are_refused_without_a_csrf_token(app, db, council_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = True
    org = landlord_world["landlord"]
    user = f.make_user(org, status="locked", locked_at=utcnow())
    db.session.commit()
    assert council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/unlock").status_code == 400
    assert council_client.post(f"/admin/landlords/{org.id}/users/{user.id}/deactivate").status_code == 400
    assert council_client.post(f"/admin/landlords/{org.id}/accounts", data={"reference": "5001"}).status_code == 400
    assert fresh(db, User, user.id).status == "locked"


def test_live_search_answers_htmx_with_only_the_results(council_client, landlord_world):
    response = council_client.get("/admin/landlords?q=northgate", headers={"HX-Request": "true", "HX-Target": "landlord-results"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="landlord-results">') and "Northgate Housing Association" in html
    assert "HX-Request" in response.headers["Vary"]
