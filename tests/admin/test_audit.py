"""The audit log: filters, retention, paging newest first, and the CSV export (itself audited)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lp.models import AuditEvent
from lp.models.base import utcnow
from tests.conftest import parse_page


@pytest.fixture
def log(db, landlord_world):
    lead, other, officer = landlord_world["lead"], landlord_world["other"], landlord_world["council"]
    now = utcnow()
    for event in (
        AuditEvent(action="sign_in.succeeded", user_id=lead.id, landlord_id=lead.landlord_id, at=now - timedelta(days=10)),
        AuditEvent(action="payments.exported", user_id=lead.id, landlord_id=lead.landlord_id, object_type="payments",
                   detail="=HYPERLINK(1)", at=now - timedelta(days=5)),
        AuditEvent(action="sign_in.succeeded", user_id=other.id, landlord_id=other.landlord_id, at=now - timedelta(days=1)),
        AuditEvent(action="user.unlocked", user_id=officer.id, landlord_id=lead.landlord_id, object_type="user",
                   object_ref=str(lead.id), at=now - timedelta(hours=1)),
    ):
        db.session.add(event)
    db.session.commit()


def rows(page):
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("#events tbody tr")]


def test_the_log_is_newest_first(council_client, log):
    page = parse_page(council_client.get("/admin/audit"))
    assert [r[3] for r in rows(page)] == ["user.unlocked", "sign_in.succeeded", "payments.exported", "sign_in.succeeded"]
    assert rows(page)[0][1:3] == ["officer", "Northgate Housing Association"]


@pytest.mark.parametrize("query, expected", [
    ({"person": "LEAD"}, ["payments.exported", "sign_in.succeeded"]),
    ({"organisation": "other lettings"}, ["sign_in.succeeded"]),
    ({"action": "sign_in.succeeded"}, ["sign_in.succeeded", "sign_in.succeeded"]),
])
def test_the_log_filters_by_person_organisation_and_action(council_client, log, query, expected):
    assert [r[3] for r in rows(parse_page(council_client.get("/admin/audit", query_string=query)))] == expected


def test_the_log_filters_by_dates(council_client, log):
    start = (utcnow() - timedelta(days=6)).date().isoformat()
    end = (utcnow() - timedelta(days=2)).strftime("%d/%m/%Y")
    page = parse_page(council_client.get("/admin/audit", query_string={"from": start, "to": end}))
    assert [r[3] for r in rows(page)] == ["payments.exported"]


def test_a_date_before_retention_is_refused_with_a_message(app, council_client, log):
    app.config["LP_AUDIT_RETENTION_DAYS"] = 30
    start = (utcnow() - timedelta(days=40)).date().isoformat()
    page = parse_page(council_client.get("/admin/audit", query_string={"from": start}))
    assert "older events are no longer kept" in page.text(".govuk-error-summary")
    assert page.select_one("#from")["value"] == start


def test_the_log_pages_25_at_a_time(db, council_client, landlord_world):
    for n in range(30):
        db.session.add(AuditEvent(action=f"test.{n:02}", at=utcnow() - timedelta(minutes=n)))
    db.session.commit()
    first = parse_page(council_client.get("/admin/audit?action="))
    assert len(rows(first)) == 25 and rows(first)[0][3] == "test.00"
    second = parse_page(council_client.get(first.select_one("#page-next")["href"]))
    assert [r[3] for r in rows(second)][-1] == "test.29"


def test_the_csv_export_has_the_filtered_events_and_is_itself_audited(db, council_client, log):
    response = council_client.get("/admin/audit.csv?person=lead")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("When (UTC),Username,Organisation,Action")
    assert len(lines) == 3 and "'=HYPERLINK(1)" in lines[1]
    [export] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "audit",
                                                           AuditEvent.action == "audit.exported")).all()
    assert export.detail == "audit.csv person=lead"


def test_viewing_the_log_is_audited(db, council_client, log):
    council_client.get("/admin/audit?person=lead")
    [view] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "audit")).all()
    assert view.action == "audit.viewed" and "person=lead" in view.detail


def test_a_page_of_25_events_takes_the_statements_of_a_page_of_one(db, council_client, landlord_world, statements):
    """The view's own event is written after the page renders (audit.record_view): committed in the view, it
    expired the events just loaded, and the page selected each of them again (35 statements for 25)."""
    def shown(count: int) -> tuple[int, list[str]]:
        db.session.add_all(AuditEvent(action=f"test.{n:02}", at=utcnow() - timedelta(minutes=n)) for n in range(count))
        db.session.commit()
        statements.clear()
        page = parse_page(council_client.get("/admin/audit?action="))
        return len(statements), [r[3] for r in rows(page)]

    one, actions = shown(1)
    assert actions == ["test.00"]
    many, actions = shown(24)
    assert len(actions) == 25 and actions[0] == "test.00" and actions.count("test.00") == 2
    assert many == one
