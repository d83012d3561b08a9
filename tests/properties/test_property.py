"""A property's page (its claims and payments, audited), the landlord's own reference and notes, and
"I no longer own this property" sent to the council as a change report."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp import horizon
from lp.models import AuditEvent, ChangeReport, OutboxMessage
from tests import factories as f
from tests.conftest import parse_page, when_run


@pytest.fixture
def home(db, landlord_world):
    w = landlord_world
    aisha = f.make_claim(w["account"], first_name="Aisha", surname="Brown", reference="HB8101",
                         property_reference="PR-500", address="5 Birch Close|Anytown", postcode="AN5 5BC")
    f.make_claim(w["account"], first_name="Old", surname="Tenant", reference="HB8102", property_reference="PR-500",
                 address="5 Birch Close|Anytown", postcode="AN5 5BC", status="Ended",
                 start_date=date.today() - timedelta(days=900), end_date=date.today() - timedelta(days=420))
    f.make_payment(w["account"], lines=[(aisha, 40000, 0, 0)], paid_on=date.today() - timedelta(days=7))
    f.make_payment(w["account"], lines=[(aisha, 39000, 0, 0)], paid_on=date.today() - timedelta(days=3 * 365))
    stranger = f.make_claim(w["other_account"], surname="Stranger", property_reference="PR-900")
    made = f.make_property(aisha)
    made.foreign = f.make_property(stranger)
    db.session.commit()
    return made


def test_a_property_shows_its_claims_and_payments_within_the_horizon_and_is_audited(lead_client, home, db):
    page = parse_page(lead_client.get(f"/properties/{home.id}"))
    assert page.text("h1") == "5 Birch Close, Anytown, AN5 5BC"
    claims = page.text("#property-claims")
    assert "HB8101" in claims and "Brown, Aisha" in claims and "HB8102" in claims and "Ended" in claims
    payments = page.text("#property-payments")
    assert "£400.00" in payments and "£390.00" not in payments  # older than the horizon
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "property.viewed")).one()
    assert event.object_ref == "PR-500" and "Brown" not in (event.detail or "")


def test_another_landlords_property_is_not_found(lead_client, home):
    for url in (f"/properties/{home.foreign.id}", f"/properties/{home.foreign.id}/details",
                f"/properties/{home.foreign.id}/no-longer-owned", "/properties/2147483647"):
        assert lead_client.get(url).status_code == 404, url
    assert lead_client.post(f"/properties/{home.foreign.id}/details",
                            data={"own_reference": "X", "notes": ""}).status_code == 404


def test_the_landlord_saves_their_own_reference_and_notes(lead_client, home, db):
    response = lead_client.post(f"/properties/{home.id}/details",
                                data={"own_reference": " BLK-4/12 ", "notes": "Gas check due in May"})
    assert response.status_code == 303 and response.headers["Location"] == f"/properties/{home.id}"
    page = parse_page(lead_client.get(response.headers["Location"]))
    assert "Your reference and notes have been saved." in page.text(".govuk-notification-banner")
    summary = page.text("#property-summary")
    assert "BLK-4/12" in summary and "Gas check due in May" in summary
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "property.edited")).one()


@pytest.mark.parametrize("data, message", [
    ({"own_reference": "=HYPERLINK(1)", "notes": "kept"}, "Your reference must start with a letter or number"),
    ({"own_reference": "X" * 31, "notes": "kept"}, "Your reference must be 30 characters or fewer"),
    ({"own_reference": "OK", "notes": "n" * 2001}, "Notes must be 2,000 characters or fewer"),
])
def test_bad_details_are_refused_next_to_the_field_and_in_the_summary_and_the_input_kept(lead_client, home, data, message):
    page = parse_page(lead_client.post(f"/properties/{home.id}/details", data=data))
    assert message in page.text(".govuk-error-summary") and message in page.text("main form[method=post]")
    assert page.title.startswith("Error:")
    assert page.select_one("#own_reference")["value"] == data["own_reference"]
    assert page.select_one("#notes").get_text() == data["notes"]


def test_no_longer_owned_is_a_change_report_to_the_council_with_the_date_ownership_ended(lead_client, home, db):
    page = parse_page(lead_client.get(f"/properties/{home.id}"))
    link = page.select_one("a[href$='/no-longer-owned']")
    assert link.get_text(strip=True) == "I no longer own this property"
    ended = date.today() - timedelta(days=2)
    response = lead_client.post(link["href"], data={"ended_on": ended.strftime("%d/%m/%Y"), "details": "Sold at auction"})
    assert response.status_code == 303
    report = db.session.scalars(select(ChangeReport)).one()
    assert (report.change_type, report.happened_on) == ("property_sold", ended)
    assert report.claim.reference == "HB8101" and report.details.startswith("Property reference PR-500.")
    email = db.session.scalars(select(OutboxMessage)).one()
    assert report.reference in email.body and "Birch" not in email.body and "Brown" not in email.body
    page = parse_page(lead_client.get(response.headers["Location"]))
    assert f"Your reference is {report.reference}" in page.text(".govuk-notification-banner")
    assert "You told the council you no longer own this property from" in page.text("#no-longer-owned")
    assert page.select_one("a[href$='/no-longer-owned']") is None
    shown = parse_page(lead_client.get(f"/changes/{report.reference}"))
    assert "I no longer own this property" in shown.text() and "Ownership ended on" in shown.text()


def nine_weeks_ahead() -> str:
    """Called when the test runs: pytest builds a parametrize list when it collects, which may be the day before."""
    return (horizon.today() + timedelta(weeks=9)).strftime("%d/%m/%Y")


@pytest.mark.parametrize("ended_on, message", [
    ("", "Enter the date you stopped owning the property"),
    ("31/02/2026", "The date you stopped owning the property must be a real date, like 27/03/2026"),
    (nine_weeks_ahead, "The date you stopped owning the property must be within 8 weeks from today"),
])
def test_a_bad_date_is_refused_and_nothing_is_reported(lead_client, home, db, ended_on, message):
    ended_on = when_run(ended_on)
    page = parse_page(lead_client.post(f"/properties/{home.id}/no-longer-owned",
                                       data={"ended_on": ended_on, "details": "Keep these words"}))
    assert message in page.text(".govuk-error-summary") and message in page.text("main form[method=post]")
    assert page.select_one("#details").get_text() == "Keep these words"
    assert db.session.scalars(select(ChangeReport)).first() is None


def test_a_claims_report_form_does_not_offer_the_property_kind(lead_client, home):
    page = parse_page(lead_client.get("/claims/HB8101/report-change"))
    assert "I no longer own this property" not in page.text("main form[method=post]")
    refused = parse_page(lead_client.post("/claims/HB8101/report-change", data={
        "change_type": "property_sold", "happened_on": "01/01/2026", "details": "x"}))
    assert "Select what has changed" in refused.text(".govuk-error-summary")


def test_a_user_without_manage_properties_sees_the_property_but_cannot_change_it(viewer_client, home):
    page = parse_page(viewer_client.get(f"/properties/{home.id}"))
    assert "Brown, Aisha" in page.text("#property-claims")
    assert page.select_one("a[href$='/details']") is None and page.select_one("a[href$='/no-longer-owned']") is None
    assert viewer_client.get(f"/properties/{home.id}/details").status_code == 403
    assert viewer_client.post(f"/properties/{home.id}/no-longer-owned", data={"ended_on": "01/01/2026"}).status_code == 403


def test_the_permission_joins_the_team_pages(lead_client, home):
    page = parse_page(lead_client.get("/team/invite"))
    assert "Add or remove properties" in page.text("main form[method=post]")
