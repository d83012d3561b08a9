"""The council's approval queue: order, extract checks, approve, reject, the race, and who may see it."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lp.auth.tokens import read_token
from lp.errors import Refused
from lp.extensions import db as _db
from lp.models import PERMISSIONS, AuditEvent, Landlord, OutboxMessage, Registration, User, UserSession
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def outbox(db, to=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return db.session.scalars(query).all()


def test_queue_lists_pending_oldest_first_with_extract_checks(db, council_client, landlord_world):
    f.make_account(None, reference="5001", name="Riverside Lettings", postcode="AN2 2BB")
    newer = f.make_registration(landlord_reference="5001", organisation_name="riverside  LETTINGS",
                                postcode="an22bb", created_at=utcnow() - timedelta(hours=1))
    older = f.make_registration(landlord_reference="5002", created_at=utcnow() - timedelta(days=2))
    f.make_registration(landlord_reference="5003", status="rejected", decided_at=utcnow())
    db.session.commit()

    page = parse_page(council_client.get("/admin/registrations"))
    rows = page.select("#pending tbody tr")
    assert [row.select_one("a").get_text(strip=True) for row in rows] == [older.reference, newer.reference]
    assert " ".join(rows[0].get_text(" ").split()).endswith("In extract: no Name matches: no Postcode matches: no")
    assert " ".join(rows[1].get_text(" ").split()).endswith("In extract: yes Name matches: yes Postcode matches: yes")
    assert "5003" in page.text("#decided")


def test_registration_page_shows_the_details_and_both_decisions(db, council_client):
    registration = f.make_registration(landlord_reference="5001")
    db.session.commit()
    page = parse_page(council_client.get(f"/admin/registrations/{registration.id}"))
    assert "Priya Shah" in page.text("#registration-details")
    assert "is not in the loaded extract" in page.text("#extract-checks")
    assert [b.get_text(strip=True) for b in page.select("#decision button")] == ["Approve", "Reject"]


def test_approve_creates_the_organisation_the_lead_user_and_the_activation_email(app, db, council_client, landlord_world):
    account = f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001", organisation_name="Riverside Lettings",
                                       email="priya@riverside.example", mobile="+447400123456")
    db.session.commit()

    response = council_client.post(f"/admin/registrations/{registration.id}/approve")
    assert response.status_code == 303
    page = parse_page(council_client.get(response.headers["Location"]))
    assert f"Registration {registration.reference} approved" in page.text()

    db.session.expire_all()
    landlord = db.session.scalars(select(Landlord).where(Landlord.name == "Riverside Lettings")).one()
    lead = db.session.scalars(select(User).where(User.email == "priya@riverside.example")).one()
    assert (lead.landlord_id, lead.status, lead.is_lead, lead.kind) == (landlord.id, "invited", True, "landlord")
    assert lead.username == "priya.shah"
    assert lead.permission_set == set(PERMISSIONS)  # every permission there is: the lead has them all
    assert lead.mobile == "+447400123456"
    assert db.session.get(type(account), account.id).landlord_id == landlord.id
    registration = db.session.get(Registration, registration.id)
    assert registration.status == "approved"
    assert registration.decided_by_id == landlord_world["council"].id
    assert registration.decided_at is not None
    [email] = outbox(db, "priya@riverside.example")
    assert "Your username is: priya.shah" in email.body
    link = next(line for line in email.body.splitlines() if line.startswith("http"))
    assert link.startswith(app.config["LP_BASE_URL"] + "/activate/")
    assert read_token("activation", link.rsplit("/", 1)[1])[0].id == lead.id
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "registration.approved", AuditEvent.object_ref == registration.reference)) == 1


def test_approve_links_the_account_to_the_organisation_the_same_email_already_leads(db, council_client, landlord_world):
    lead = landlord_world["lead"]
    f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001", email=lead.email.upper())
    db.session.commit()
    users_before = db.session.scalar(select(func.count()).select_from(User))

    council_client.post(f"/admin/registrations/{registration.id}/approve")

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert [a.reference for a in db.session.get(Landlord, landlord_world["landlord"].id).accounts] == ["5001", "9998", "9999"]
    [email] = outbox(db, lead.email)
    assert "5001" in email.body and "/activate/" not in email.body


def test_approve_is_refused_when_the_reference_is_not_in_the_extract(db, council_client):
    registration = f.make_registration(landlord_reference="5404")
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/approve", follow_redirects=True)
    assert "5404 is not in the loaded extract" in parse_page(response).text()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"
    assert outbox(db) == []


def test_approve_is_refused_when_the_reference_belongs_to_another_organisation(db, council_client, landlord_world):
    registration = f.make_registration(landlord_reference="7001")  # landlord_world's "other" account
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/approve", follow_redirects=True)
    assert ("Landlord reference 7001 already belongs to Other Lettings Ltd. Nothing has been changed. "
            "You can add Priya Shah to Other Lettings Ltd, or reject the registration.") in parse_page(response).text()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"


def test_reject_needs_a_reason_shown_by_the_field(db, council_client):
    registration = f.make_registration()
    db.session.commit()
    page = parse_page(council_client.post(f"/admin/registrations/{registration.id}/reject", data={"reason": " "}))
    assert "Enter the reason for rejecting the registration" in page.text(".govuk-error-summary")
    assert "Enter the reason for rejecting the registration" in page.text("#reason-error")
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"


def test_reject_emails_the_reason_and_keeps_the_registration_as_decided(db, council_client):
    registration = f.make_registration(email="priya@riverside.example")
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/reject",
                                   data={"reason": "The reference is not yours."})
    assert response.status_code == 303
    [email] = outbox(db, "priya@riverside.example")
    assert "The reference is not yours." in email.body
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).decision_reason == "The reference is not yours."
    page = parse_page(council_client.get("/admin/registrations"))
    assert registration.reference in page.text("#decided")
    assert not page.select("#pending")


def test_deciding_a_decided_registration_changes_nothing(db, council_client):
    f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001")
    db.session.commit()
    council_client.post(f"/admin/registrations/{registration.id}/reject", data={"reason": "No."})
    response = council_client.post(f"/admin/registrations/{registration.id}/approve", follow_redirects=True)
    assert "Another officer has already decided this registration" in parse_page(response).text()
    assert db.session.scalar(select(func.count()).select_from(Landlord).where(Landlord.name == "Unlinked Lettings")) == 0


def test_htmx_decision_re_renders_only_the_decision(db, council_client):
    registration = f.make_registration()
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/reject", data={"reason": "No."},
                                   headers={"HX-Request": "true", "HX-Target": "decision"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="decision">') and "<html" not in html
    assert f"Registration {registration.reference} rejected" in html


def test_approving_needs_a_recent_sign_in(db, council_client, landlord_world):
    f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001")
    db.session.query(UserSession).update({"authenticated_at": utcnow() - timedelta(minutes=16)})
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/approve")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/admin/sign-in?next=")
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"


@pytest.mark.committing
def test_two_officers_deciding_at_once_give_exactly_one_outcome(app, db, landlord_world):
    from lp.admin.registrations import services

    f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001")
    db.session.commit()
    ids = (registration.id, landlord_world["council"].id, landlord_world["admin"].id)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(officer_id, action):
        with app.test_request_context():
            officer = _db.session.get(User, officer_id)
            barrier.wait()
            try:
                action(ids[0], officer)
                outcomes.append("decided")
            except Refused:
                outcomes.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=decide, args=(ids[1], services.approve)),
               threading.Thread(target=decide, args=(ids[2], lambda rid, o: services.reject(rid, o, "No.")))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    db.session.expire_all()
    decided = db.session.get(Registration, ids[0])
    landlords = db.session.scalar(select(func.count()).select_from(Landlord).where(Landlord.name == "Unlinked Lettings"))
    assert (decided.status, landlords) in {("approved", 1), ("rejected", 0)}
    assert len(outbox(db, decided.email)) == 1


def test_signed_out_visitors_are_sent_to_the_council_sign_in(client, db):
    response = client.get("/admin/registrations")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/admin/sign-in")


@pytest.mark.parametrize("action, data", [("approve", {}), ("reject", {"reason": "No."})])
def test_decisions_without_csrf_are_refused(app, db, council_client, action, data):
    registration = f.make_registration()
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    response = council_client.post(f"/admin/registrations/{registration.id}/{action}", data=data)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"
