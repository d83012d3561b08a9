"""The council's rent changes: the submissions, the schedule for the benefits system, marking them processed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp.models import AuditEvent, RentChange
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture
def sent(db, landlord_world):
    """A submitted file of each landlord, a processed one and a draft of the lead's."""
    w = landlord_world
    lead_claim = f.make_claim(w["account"], reference="HB7001", rent_reference="NHA/1")
    other_claim = f.make_claim(w["other_account"], reference="HB8001", rent_reference="=OTH/1")
    made = {
        "lead": f.make_rent_change(w["landlord"].id, w["lead"], [lead_claim], status="submitted", weekly_rent_pence=12550,
                                   effective_date=date.today() + timedelta(days=7)),
        "other": f.make_rent_change(w["other_landlord"].id, w["other"], [other_claim], status="submitted"),
        "done": f.make_rent_change(w["landlord"].id, w["lead"], [lead_claim], status="processed"),
        "draft": f.make_rent_change(w["landlord"].id, w["lead"], [lead_claim], status="draft"),
    }
    db.session.commit()
    return made


def test_the_schedule_has_every_waiting_line_of_every_landlord_and_is_audited(db, council_client, sent):
    response = council_client.get("/admin/rent-changes/schedule.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="rent-change-schedule.csv"'
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == ("submission,landlord_reference,claim_reference,rent_reference,effective_date,rent,frequency,"
                        "weekly_rent,service_charges,weekly_service_charges,previous_weekly_rent,to_check,submitted_at")
    assert [line.split(",")[0] for line in lines[1:]] == [sent["lead"].reference, sent["other"].reference]
    week = (date.today() + timedelta(days=7)).isoformat()
    assert lines[1].split(",")[1:12] == ["9998", "HB7001", "NHA/1", week, "125.50", "weekly", "125.50", "0.00", "0.00",
                                         "", "N"]
    assert lines[2].split(",")[3] == "'=OTH/1"  # a reference that reads as a formula is written as text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rent_change_schedule.exported"))
    assert event.object_type == "rent_change_schedule"


def test_marking_processed_takes_a_submission_off_the_schedule_and_the_landlord_sees_it(db, council_client, lead_client,
                                                                                      sent):
    page = parse_page(council_client.get("/admin/rent-changes"))
    assert [a.get_text() for a in page.select("#submissions tbody a")] == [sent["lead"].reference, sent["other"].reference]
    assert "2 lines from 2 submissions" in page.text("#schedule-link")
    detail = parse_page(council_client.get(f"/admin/rent-changes/{sent['lead'].id}"))
    assert "HB7001" in detail.text("#lines") and "Northgate Housing Association" in detail.text("#rent-change-details")
    token = detail.select_one("#process input[name=csrf_token]")["value"]
    assert council_client.post(f"/admin/rent-changes/{sent['lead'].id}/processed").status_code == 400  # no token
    response = council_client.post(f"/admin/rent-changes/{sent['lead'].id}/processed", data={"csrf_token": token})
    assert response.status_code == 303
    assert f"{sent['lead'].reference} is marked as processed" in parse_page(council_client.get("/admin/rent-changes")).text()
    lines = council_client.get("/admin/rent-changes/schedule.csv").get_data(as_text=True).splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [sent["other"].reference]
    db.session.expire_all()
    assert db.session.get(RentChange, sent["lead"].id).status == "processed"
    landlord_page = parse_page(lead_client.get("/rent-changes"))
    assert landlord_page.text("#submissions").count("Processed") == 2


def test_a_landlords_unsent_draft_is_not_the_councils_to_see(council_client, sent):
    assert council_client.get(f"/admin/rent-changes/{sent['draft'].id}").status_code == 404
    token = parse_page(council_client.get("/admin/rent-changes")).select_one("input[name=csrf_token]")["value"]
    assert council_client.post(f"/admin/rent-changes/{sent['draft'].id}/processed",
                               data={"csrf_token": token}).status_code == 404


def test_viewing_a_submission_is_audited(db, council_client, sent):
    council_client.get(f"/admin/rent-changes/{sent['other'].id}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rent_change.viewed"))
    assert event.object_ref == sent["other"].reference
