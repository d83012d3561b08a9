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
    assert f"Expect an e-mail within {days} working days. You do not need to register this landlord reference again." in page.text()
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
    assert "You do not need to register this landlord reference again" in message.body
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


def test_a_second_registration_for_a_pending_reference_gets_the_usual_receipt(db, client):
    register(client)
    first = client.get("/register/done").get_data(as_text=True)
    response = register(client, email="someone@else.example", email_confirm="someone@else.example")
    assert response.status_code == 303 and response.headers["Location"].endswith("/register/done")
    second = parse_page(client.get("/register/done"))
    registrations = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [(r.landlord_reference, r.status) for r in registrations] == [("123456", "pending")] * 2
    assert second.text("#registration-reference") == registrations[1].reference
    # Nothing tells the second registrant that the reference was already waiting.
    assert "already" not in second.text() and "already" not in first
    receipts = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.recipient for m in receipts] == ["priya@riverside.example", "someone@else.example"]
    assert receipts[1].body.replace(registrations[1].reference, "REF") == receipts[0].body.replace(
        registrations[0].reference, "REF")


def test_an_agent_registers_several_landlord_references_at_once(db, client):
    response = register(client, landlord_reference="123456\n234567, 345678\n123456")
    assert response.status_code == 303
    page = parse_page(client.get("/register/done"))
    number = page.text("#registration-reference")
    assert [li.get_text() for li in page.select("#landlord-references li")] == ["123456", "234567", "345678"]
    assert "It covers 3 landlord references:" in page.text()
    assert "You do not need to register these landlord references again." in page.text()
    registrations = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [(r.reference, r.landlord_reference) for r in registrations] == [
        (f"{number}-1", "123456"), (f"{number}-2", "234567"), (f"{number}-3", "345678")]
    assert {r.email for r in registrations} == {"priya@riverside.example"}
    [receipt] = db.session.scalars(select(OutboxMessage)).all()
    assert f"Your reference is {number}. It covers 3 landlord references:" in receipt.body
    assert f"- 234567: {number}-2" in receipt.body
    assert "You do not need to register these landlord references again." in receipt.body


@pytest.mark.parametrize("typed, message", [
    ("123456, 12 34!", "34! is not a landlord reference. Enter each reference as it is on your payment advice, like 123456"),
    (", ".join(str(100000 + n) for n in range(31)), "Enter up to 30 landlord references in one registration, then send another for the rest"),
])
def test_a_wrong_reference_among_several_is_named_and_the_list_kept(db, client, typed, message):
    page = parse_page(register(client, landlord_reference=typed))
    assert message in page.text("#landlord_reference-error")
    assert page.select_one("textarea#landlord_reference").get_text() == typed
    assert db.session.scalars(select(Registration)).first() is None


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


def test_an_expired_form_comes_back_as_typed_with_a_new_token(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    typed = {**VALID, "landlord_reference": "123456\n234567", "csrf_token": "expired"}
    page = parse_page(client.post("/register", data=typed), status=400)
    assert "For your security, this form expired. Check what you typed, then send it again" in page.text(
        ".govuk-error-summary")
    assert page.select_one("textarea#landlord_reference").get_text() == "123456\n234567"
    assert page.select_one("#organisation_name")["value"] == "Riverside Lettings Ltd"
    token = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/register", data={**typed, "csrf_token": token})
    assert response.status_code == 303
    assert len(db.session.scalars(select(Registration)).all()) == 2
