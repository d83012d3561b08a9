"""Reporting a change: the form, the report and the benefits team's e-mail together, the list and who may."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lp import horizon
from lp.models import ChangeReport, OutboxMessage
from tests import factories as f
from tests.auth.conftest import csrf_of
from tests.conftest import parse_page, when_run


@pytest.fixture
def claim(db, landlord_world):
    claim = f.make_claim(landlord_world["account"], first_name="Tamsin", surname="Quartermaine", reference="HB5001")
    db.session.commit()
    return claim


def tomorrow() -> str:
    """Called when the test runs: pytest builds a parametrize list when it collects, which may be the day before."""
    return (horizon.today() + timedelta(days=1)).strftime("%d/%m/%Y")


def report_data(**changes):
    data = {"change_type": "moved_out", "happened_on": (date.today() - timedelta(days=3)).strftime("%d/%m/%Y"),
            "details": "Handed the keys back on Monday."}
    data.update({name: when_run(value) for name, value in changes.items()})
    return data


def count(db, model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_report_gets_a_reference_and_emails_the_benefits_team_without_tenant_details(app, db, lead_client, claim):
    form = parse_page(lead_client.get("/claims/HB5001/report-change"))
    assert len(form.select('input[name="change_type"]')) == 7
    response = lead_client.post("/claims/HB5001/report-change", data=report_data())
    report = db.session.scalar(select(ChangeReport))
    assert response.status_code == 303 and response.location == f"/changes/{report.reference}"
    assert report.reference == f"CR-{report.id:06d}"
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == app.config["LP_BENEFITS_EMAIL"]
    assert report.reference in mail.body and "HB5001" in mail.body
    for private in ("Tamsin", "Quartermaine", "Mill Lane", "keys", "moved out"):
        assert private.lower() not in (mail.subject + mail.body).lower()
    page = parse_page(lead_client.get("/changes"))
    assert report.reference in page.text("#reports") and "Received" in page.text("#reports")


@pytest.mark.parametrize("changes, message", [
    ({"change_type": ""}, "Select what has changed"),
    ({"change_type": "won_the_lottery"}, "Select what has changed"),
    ({"happened_on": ""}, "Enter the date the change happened"),
    ({"happened_on": "31/02/2026"}, "must be a real date"),
    ({"happened_on": tomorrow}, "today or in the past"),
    ({"details": "  "}, "Enter the details of the change"),
    ({"details": "x" * 2001}, "2,000 characters or fewer"),
])
def test_bad_input_is_shown_and_nothing_is_stored(db, lead_client, claim, changes, message):
    page = parse_page(lead_client.post("/claims/HB5001/report-change", data=report_data(**changes)))
    assert message in page.text(".govuk-error-summary")
    assert count(db, ChangeReport) == 0 and count(db, OutboxMessage) == 0


@pytest.mark.committing
def test_the_report_and_its_email_commit_together_or_not_at_all(app, db, lead_client, claim, monkeypatch):
    from lp.changes import services

    def fail(*args, **kwargs):  # after the report and the e-mail are both in the session
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.audit, "record", fail)
    try:
        response = lead_client.post("/claims/HB5001/report-change", data=report_data())
        assert response.status_code == 500
    except RuntimeError:
        pass
    with db.engine.connect() as other_connection:  # what is committed, whatever this session holds
        for table in (ChangeReport.__table__, OutboxMessage.__table__):
            assert other_connection.scalar(select(func.count()).select_from(table)) == 0
    db.session.rollback()
    monkeypatch.undo()
    assert lead_client.post("/claims/HB5001/report-change", data=report_data()).status_code == 303
    assert count(db, ChangeReport) == 1 and count(db, OutboxMessage) == 1


def test_another_landlords_claim_is_not_found(db, lead_client, landlord_world):
    f.make_claim(landlord_world["other_account"], reference="HB7777")
    db.session.commit()
    assert lead_client.get("/claims/HB7777/report-change").status_code == 404
    assert lead_client.post("/claims/HB7777/report-change", data=report_data()).status_code == 404
    assert count(db, ChangeReport) == 0


def test_another_landlords_report_is_not_found(db, lead_client, other_client, claim):
    lead_client.post("/claims/HB5001/report-change", data=report_data())
    reference = db.session.scalar(select(ChangeReport.reference))
    assert other_client.get(f"/changes/{reference}").status_code == 404
    assert reference not in other_client.get("/changes").get_data(as_text=True)


def test_a_user_without_report_changes_is_refused(db, viewer_client, claim):
    assert viewer_client.get("/changes").status_code == 403
    assert viewer_client.post("/claims/HB5001/report-change", data=report_data()).status_code == 403
    assert count(db, ChangeReport) == 0


def test_a_report_without_a_csrf_token_is_refused(app, db, lead_client, claim):
    app.config["WTF_CSRF_ENABLED"] = True
    assert lead_client.post("/claims/HB5001/report-change", data=report_data()).status_code == 400
    assert count(db, ChangeReport) == 0
    token = csrf_of(lead_client.get("/claims/HB5001/report-change").get_data(as_text=True))
    assert lead_client.post("/claims/HB5001/report-change", data={**report_data(), "csrf_token": token}).status_code == 303


def test_the_report_page_shows_what_was_sent(db, lead_client, claim):
    location = lead_client.post("/claims/HB5001/report-change", data=report_data()).location
    page = parse_page(lead_client.get(location))
    assert "Change reported. Your reference is CR-" in page.text(".govuk-notification-banner")
    assert "Tenant moved out" in page.text("#report-details") and "No reply yet" in page.text("#report-details")


def test_opening_a_report_is_in_the_audit_log(db, lead_client, claim):
    from lp.models import AuditEvent

    location = lead_client.post("/claims/HB5001/report-change", data=report_data()).location
    lead_client.get(location)
    reference = location.rsplit("/", 1)[1]
    viewed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "change_report.viewed")).all()
    assert [(e.object_ref, e.detail) for e in viewed] == [(reference, "claim HB5001")]
