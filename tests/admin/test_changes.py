"""The council's change-report inbox: open reports oldest first, a report with its claim, and its status."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp.models import AuditEvent, ChangeReport
from lp.models.base import utcnow
from tests import factories as f
from tests.auth.conftest import csrf_of
from tests.conftest import parse_page


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def make_report(db, landlord_world, *, status="received", days_old=0, reference=None):
    claim = f.make_claim(landlord_world["account"], first_name="Tamsin", surname="Quartermaine")
    report = ChangeReport(reference=reference or f"CR-T{claim.id}", landlord_id=landlord_world["landlord"].id,
                          claim_id=claim.id, reported_by_id=landlord_world["lead"].id, change_type="moved_out",
                          happened_on=date.today() - timedelta(days=days_old + 1), details="Keys returned",
                          status=status, created_at=utcnow() - timedelta(days=days_old))
    db.session.add(report)
    db.session.commit()
    return report


def test_the_inbox_lists_open_reports_oldest_first_and_filters_by_status_and_age(db, council_client, landlord_world):
    new = make_report(db, landlord_world, reference="CR-NEW")
    old = make_report(db, landlord_world, days_old=10, status="in_progress", reference="CR-OLD")
    make_report(db, landlord_world, status="done", reference="CR-DONE")
    page = parse_page(council_client.get("/admin/changes"))
    assert [a.get_text() for a in page.select("#reports tbody a")] == [old.reference, new.reference]
    assert "CR-DONE" in parse_page(council_client.get("/admin/changes?status=done")).text("#reports")
    assert [a.get_text() for a in parse_page(council_client.get("/admin/changes?age=7")).select("#reports tbody a")] == ["CR-OLD"]


def test_an_officer_reads_a_report_with_its_claim_and_replies(db, council_client, landlord_world, lead_client):
    report = make_report(db, landlord_world)
    page = parse_page(council_client.get(f"/admin/changes/{report.id}"))
    assert "Tamsin Quartermaine" in page.text("#claim-details") and "Keys returned" in page.text("#report-details")
    response = council_client.post(f"/admin/changes/{report.id}", data={"status": "done", "reply": "Claim ended."})
    assert response.status_code == 303
    db.session.expire_all()
    assert (report.status, report.council_reply) == ("done", "Claim ended.")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "change_report.status_changed"))
    landlord_view = parse_page(lead_client.get("/changes")).text("#reports")
    assert "Done" in landlord_view and "Claim ended." in landlord_view


def test_a_status_change_needs_a_note(db, council_client, landlord_world):
    report = make_report(db, landlord_world)
    page = parse_page(council_client.post(f"/admin/changes/{report.id}", data={"status": "done", "reply": ""}))
    assert "Enter a note for the landlord" in page.text(".govuk-error-summary")
    db.session.expire_all()
    assert report.status == "received"


def test_a_status_change_without_csrf_is_refused(app, db, council_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = True
    report = make_report(db, landlord_world)
    assert council_client.post(f"/admin/changes/{report.id}", data={"status": "done", "reply": "x"}).status_code == 400
    token = csrf_of(council_client.get(f"/admin/changes/{report.id}").get_data(as_text=True))
    data = {"status": "done", "reply": "x", "csrf_token": token}
    assert council_client.post(f"/admin/changes/{report.id}", data=data).status_code == 303


def test_a_landlord_gets_not_found_and_a_data_user_is_refused(app, db, lead_client, landlord_world, sign_in):
    report = make_report(db, landlord_world)
    assert lead_client.get("/admin/changes").status_code == 404
    assert lead_client.get(f"/admin/changes/{report.id}").status_code == 404
    loader = sign_in(app.test_client(), landlord_world["data_user"])
    assert loader.get("/admin/changes").status_code == 403
    assert council_missing(app, landlord_world, sign_in) == 404


def council_missing(app, landlord_world, sign_in) -> int:
    return sign_in(app.test_client(), landlord_world["council"]).get("/admin/changes/999999").status_code


def test_the_landlord_who_reported_is_emailed_the_decision_without_tenant_details(app, db, council_client,
                                                                                  landlord_world):
    from lp.models import OutboxMessage

    report = make_report(db, landlord_world)
    response = council_client.post(f"/admin/changes/{report.id}",
                                   data={"status": "done", "reply": "Tamsin Quartermaine's claim ended on 1 May."})
    assert response.status_code == 303
    banner = parse_page(council_client.get(response.location)).text(".govuk-notification-banner")
    assert "We have e-mailed the landlord to read your note." in banner
    (mail,) = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == landlord_world["lead"].email
    assert mail.subject == f"The council has replied to your change report {report.reference}"
    assert f"Reference: {report.reference}" in mail.body and f"Claim reference: {report.claim.reference}" in mail.body
    assert "Status: Done" in mail.body
    assert f"{app.config['LP_BASE_URL']}/changes/{report.reference}" in mail.body
    for private in ("Tamsin", "Quartermaine", "Keys returned", "1 May", "Mill Lane"):
        assert private not in mail.subject + mail.body
    # Saving the same decision again tells nobody twice.
    council_client.post(f"/admin/changes/{report.id}",
                        data={"status": "done", "reply": "Tamsin Quartermaine's claim ended on 1 May."})
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


@pytest.mark.committing
def test_the_decision_and_its_email_commit_together_or_not_at_all(db, council_client, landlord_world, monkeypatch):
    from lp.admin.changes import services as changes_services
    from lp.models import OutboxMessage

    report = make_report(db, landlord_world)

    def fail(*args, **kwargs):  # after the new status and the e-mail are both in the session
        raise RuntimeError("the database went away")

    monkeypatch.setattr(changes_services.db.session, "commit", fail)
    response = council_client.post(f"/admin/changes/{report.id}", data={"status": "done", "reply": "Ended."})
    assert response.status_code == 500
    monkeypatch.undo()
    db.session.rollback()
    with db.engine.connect() as other_connection:
        assert other_connection.scalar(select(ChangeReport.status).where(ChangeReport.id == report.id)) == "received"
        assert other_connection.scalar(select(OutboxMessage.id)) is None
