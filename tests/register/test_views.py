"""Self-service registration: the form, its checks, the reference number and the acknowledgement."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import OutboxMessage, Registration
from tests.conftest import parse_page

VALID = {
    "landlord_reference": "123456",
    "organisation_name": "Riverside Lettings Ltd",
    "address": "2 Quay Street\nAnytown",
    "postcode": "an1 2bb",
    "first_name": "Priya",
    "last_name": "Shah",
    "job_role": "Lettings manager",
    "email": "priya@riverside.example",
    "email_confirm": "priya@riverside.example",
    "mobile": "07400 123456",
    "telephone": "020 7946 0000",
    "contact_email": "",
    "accept_terms": "y",
}


def register(client, **changes):
    return client.post("/register", data={**VALID, **changes})


def test_form_shows_every_field_and_the_data_protection_terms(get_page):
    page = get_page("/register")
    labels = page.text("form")
    for label in ("Landlord reference", "Landlord or organisation name", "Address", "Postcode",
                  "First name", "Last name", "Role in the organisation", "E-mail address",
                  "Confirm e-mail address", "Mobile number (optional)", "Telephone number",
                  "Organisation contact e-mail address (optional)"):
        assert label in labels
    terms = page.text("#terms + .govuk-inset-text")
    assert "Data Protection Act 2018" in terms and "UK GDPR" in terms
    assert "personal data" in terms and "logged" in terms
    assert page.select_one("input[type=checkbox][name=accept_terms]")


def test_registration_is_stored_and_the_reference_shown_on_the_confirmation(app, db, client):
    response = register(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/register/done")
    page = parse_page(client.get("/register/done"))
    registration = db.session.scalars(select(Registration)).one()
    assert page.text("#registration-reference") == registration.reference
    assert registration.reference.startswith("REG-")
    days = app.config["LP_REGISTRATION_WORKING_DAYS"]
    assert f"Expect an e-mail within {days} working days. Please don't register again." in page.text()
    assert registration.status == "pending"
    assert registration.postcode == "AN1 2BB"
    assert registration.mobile == "+447400123456"
    assert registration.contact_email is None


def test_acknowledgement_email_is_queued_with_the_reference_and_no_personal_data(db, client):
    register(client)
    registration = db.session.scalars(select(Registration)).one()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "priya@riverside.example"
    assert registration.reference in message.subject + message.body
    assert "Please don't register again" in message.body
    for personal in ("Priya", "Shah", "07400", "Quay Street"):
        assert personal not in message.body


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("landlord_reference", "", "Enter your landlord reference"),
        ("postcode", "nowhere", "Enter a real postcode, like AN1 1AA"),
        ("email", "priya-at-riverside", "Enter an e-mail address in the correct format, like name@example.org"),
        ("email_confirm", "other@riverside.example", "The e-mail addresses do not match"),
        ("mobile", "020 7946 0000", "Enter a UK mobile number, like 07700 900 982"),
        ("telephone", "12", "Enter a UK telephone number, like 01632 960 001"),
        ("accept_terms", "", "Confirm that you accept the terms of use and the data protection notice"),
    ],
)
def test_bad_input_is_shown_by_the_field_and_in_the_summary_with_input_kept(db, client, field, value, message):
    page = parse_page(register(client, **{field: value}))
    assert message in page.text(".govuk-error-summary")
    assert page.select_one(f".govuk-error-summary a[href='#{field}']")
    assert message in page.text(f"#{field}-error")
    assert page.select_one("#organisation_name")["value"] == "Riverside Lettings Ltd"
    assert page.title.startswith("Error:")
    assert db.session.scalars(select(Registration)).first() is None


@pytest.mark.parametrize("first, last", [("Rent", "Payments"), ("Accounts", "Team"), ("Admin", "Office"),
                                          ("Finance", "Team"), ("Head", "Office")])
def test_a_team_or_role_is_refused_as_lead_user(db, client, first, last):
    page = parse_page(register(client, first_name=first, last_name=last))
    summary = page.text(".govuk-error-summary")
    assert summary.count("Enter the name of a person, not a team or role: each person signs in with their own account") == 1
    assert db.session.scalars(select(Registration)).first() is None


def test_a_second_registration_for_a_pending_reference_is_refused_and_not_stored(db, client):
    register(client)
    page = parse_page(register(client, email="someone@else.example", email_confirm="someone@else.example"))
    assert "already waiting for the council" in page.text("#landlord_reference-error")
    assert "Please don't register again" in page.text(".govuk-error-summary")
    assert len(db.session.scalars(select(Registration)).all()) == 1
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


def test_the_database_refuses_a_second_pending_registration_that_slips_past_the_check(db, client, monkeypatch):
    register(client)
    monkeypatch.setattr("lp.register.services.pending_exists", _false_then_real())
    page = parse_page(register(client))
    assert "already waiting for the council" in page.text("#landlord_reference-error")
    assert len(db.session.scalars(select(Registration)).all()) == 1


def _false_then_real():
    """The first check misses (as when two submissions race); later ones ask the database."""
    from lp.register import services

    real = services.pending_exists
    calls = []

    def check(reference):
        calls.append(reference)
        return False if len(calls) == 1 else real(reference)

    return check


def test_a_decided_reference_may_register_again(db, client):
    register(client)
    db.session.scalars(select(Registration)).one().status = "rejected"
    db.session.commit()
    assert register(client).status_code == 303
    assert len(db.session.scalars(select(Registration)).all()) == 2


def test_confirmation_without_a_registration_goes_back_to_the_form(client):
    response = client.get("/register/done")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/register")


def test_registration_post_without_csrf_is_refused(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/register", data=VALID)
    assert response.status_code == 400
    assert db.session.scalars(select(Registration)).first() is None
