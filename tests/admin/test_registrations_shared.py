"""Registrations for a landlord reference someone else also wants: competing registrations side by
side, a reference that already belongs to an organisation (the registrant can join it), and an
approval racing an officer who links the same reference."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lp.models import Landlord, LandlordAccount, OutboxMessage, Registration, User
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_competing_registrations_are_side_by_side_in_the_queue(db, council_client, landlord_world):
    f.make_account(None, reference="5001", name="Riverside Lettings")
    now = utcnow()
    first = f.make_registration(landlord_reference="5001", organisation_name="Riverside Lettings",
                                created_at=now - timedelta(days=3))
    between = f.make_registration(landlord_reference="5002", organisation_name="Hill Homes",
                                  created_at=now - timedelta(days=2))
    rival = f.make_registration(landlord_reference="5001", organisation_name="Riverside Letting Agents",
                                first_name="Sam", last_name="Jones", email="sam@rival.example",
                                created_at=now - timedelta(days=1))
    db.session.commit()

    page = parse_page(council_client.get("/admin/registrations"))
    rows = page.select("#pending tbody tr")
    assert [row.select_one("a").get_text(strip=True) for row in rows] == [first.reference, rival.reference,
                                                                          between.reference]
    assert f"Competing with {rival.reference}" in _text(rows[0])
    assert f"Competing with {first.reference}" in _text(rows[1])
    assert "Sam Jones sam@rival.example" in _text(rows[1])
    assert "Competing" not in _text(rows[2])

    detail = parse_page(council_client.get(f"/admin/registrations/{rival.id}"))
    compared = [_text(row) for row in detail.select("#competing tbody tr")]
    assert compared[0].startswith(f"{rival.reference} (this one)") and "Riverside Letting Agents" in compared[0]
    assert compared[1].startswith(first.reference) and "Riverside Lettings" in compared[1]


def test_a_reference_that_belongs_to_an_organisation_is_flagged_in_the_queue(db, council_client, landlord_world):
    owned = f.make_registration(landlord_reference="7001")  # landlord_world's "Other Lettings Ltd"
    free = f.make_registration(landlord_reference="5404")
    db.session.commit()
    page = parse_page(council_client.get("/admin/registrations"))
    rows = {row.select_one("a").get_text(strip=True): _text(row) for row in page.select("#pending tbody tr")}
    assert "Already belongs to Other Lettings Ltd" in rows[owned.reference]
    assert "Already belongs" not in rows[free.reference]
    detail = parse_page(council_client.get(f"/admin/registrations/{owned.id}"))
    assert [b.get_text(strip=True) for b in detail.select("#decision button")] == ["Add to Other Lettings Ltd", "Reject"]


def test_the_officer_adds_the_registrant_to_the_owning_organisation_and_its_managers_are_told(
        app, db, council_client, landlord_world):
    registration = f.make_registration(landlord_reference="7001", first_name="Jo", last_name="Bloggs",
                                       email="jo@otherlettings.example", job_role="Rent officer")
    db.session.commit()

    response = council_client.post(f"/admin/registrations/{registration.id}/add-to-organisation")
    assert response.status_code == 303
    page = parse_page(council_client.get(response.headers["Location"]))
    assert "Jo Bloggs added to Other Lettings Ltd. We have e-mailed them and its user managers." in page.text()
    assert "Approved on" in page.text("#decision")

    db.session.expire_all()
    other = landlord_world["other_landlord"]
    jo = db.session.scalars(select(User).where(User.email == "jo@otherlettings.example")).one()
    assert (jo.landlord_id, jo.status, jo.is_lead) == (other.id, "invited", False)
    assert jo.permission_set == {"view_payments", "view_claims", "view_letters"}
    assert db.session.get(Registration, registration.id).status == "approved"
    assert db.session.scalar(select(func.count()).select_from(Landlord)) == 2  # no new organisation

    activation = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == jo.email)).one()
    assert f"The council has added you to Other Lettings Ltd in the Landlord Portal, after your registration {registration.reference}." in activation.body
    assert "/activate/" in activation.body
    manager = landlord_world["other"]
    [told] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == manager.email)).all()
    assert told.subject == "The council has added Jo Bloggs to Other Lettings Ltd"
    body = " ".join(told.body.split())
    assert (f"The council has added Jo Bloggs (jo@otherlettings.example) to Other Lettings Ltd in the Landlord Portal, "
            f"after they registered for landlord reference 7001 ({registration.reference}).") in body
    assert "they can see payments, claims and letters" in body
    assert f"on the team page: {app.config['LP_BASE_URL']}/team" in body
    assert "If you do not know them, remove them and tell the council." in body


def test_adding_someone_who_already_has_an_account_there_is_refused(db, council_client, landlord_world):
    registration = f.make_registration(landlord_reference="7001", email=landlord_world["other"].email.upper())
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/add-to-organisation", follow_redirects=True)
    assert f"{registration.email} already has an account in Other Lettings Ltd." in parse_page(response).text()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"


def test_adding_to_a_full_organisation_is_refused(app, db, council_client, landlord_world):
    app.config["LP_MAX_USERS"] = 1
    registration = f.make_registration(landlord_reference="7001")
    db.session.commit()
    response = council_client.post(f"/admin/registrations/{registration.id}/add-to-organisation", follow_redirects=True)
    assert ("Other Lettings Ltd already has 1 users and invitations, the most it can have. "
            "Ask its user managers to remove one, then add Priya Shah.") in parse_page(response).text()
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == "pending"


@pytest.mark.committing
def test_approving_while_another_officer_links_the_reference_gives_one_owner_and_a_clear_message(
        app, db, landlord_world, sign_in, monkeypatch):
    """The approval reads the reference as free; before it assigns it, another officer links it to
    Northgate. Each officer uses their own client (and database connection), in their own thread."""
    from lp.admin.registrations import services as registrations_services

    f.make_account(None, reference="5001")
    registration = f.make_registration(landlord_reference="5001", organisation_name="Riverside Lettings")
    db.session.commit()
    approver = sign_in(app.test_client(), landlord_world["council"])
    linker = sign_in(app.test_client(), landlord_world["admin"])
    northgate = landlord_world["landlord"]
    approve_url = f"/admin/registrations/{registration.id}/approve"
    link_url = f"/admin/landlords/{northgate.id}/accounts"
    approval_has_read, link_done = threading.Event(), threading.Event()
    real_lead = registrations_services._existing_lead

    def lead_after_the_link(email):  # runs after the approval has read the account as free
        approval_has_read.set()
        link_done.wait(3)  # on SQLite the link waits for the approval's write lock instead: fine too
        return real_lead(email)

    monkeypatch.setattr(registrations_services, "_existing_lead", lead_after_the_link)
    pages = {}

    def approve():
        pages["approve"] = approver.post(approve_url, follow_redirects=True)

    def link():
        approval_has_read.wait(10)
        pages["link"] = linker.post(link_url, data={"reference": "5001"}, follow_redirects=True)
        link_done.set()

    threads = [threading.Thread(target=approve), threading.Thread(target=link)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    db.session.expire_all()
    owner = db.session.scalar(select(LandlordAccount.landlord_id).where(LandlordAccount.reference == "5001"))
    approved = parse_page(pages["approve"]).text()
    linked = parse_page(pages["link"]).text()
    riverside = db.session.scalar(select(Landlord).where(Landlord.name == "Riverside Lettings"))
    if owner == northgate.id:  # the link won: the approval changed nothing and says why
        assert ("Landlord reference 5001 already belongs to Northgate Housing Association. Nothing has been changed. "
                "You can add Priya Shah to Northgate Housing Association, or reject the registration.") in approved
        assert "Landlord reference 5001 is now part of Northgate Housing Association" in linked
        assert riverside is None
        assert db.session.get(Registration, registration.id).status == "pending"
    else:  # the approval won: the link is refused
        assert owner == riverside.id
        assert f"Registration {registration.reference} approved" in approved
        assert "Landlord reference 5001 already belongs to another organisation" in linked
    print(f"\napproval v. link on {db.engine.dialect.name}: {'link' if owner == northgate.id else 'approval'} won")
