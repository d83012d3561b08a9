"""The council's side: raising a request, reading and processing answers, the CSV, the pick-up folder,
the reminders of overdue requests and the dashboard's count."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp.models import AuditEvent, OutboxMessage, Task
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture
def claim(db, landlord_world):
    claim = f.make_claim(landlord_world["account"], first_name="Aisha", surname="Brown", reference="HB7001")
    db.session.commit()
    return claim


def answered_task(db, claim, user, reference="RQ-1", **fields):
    task = f.make_task(claim, reference=reference, answered_at=utcnow(), answered_by_id=user.id, tenant_name="Aisha Brown",
                       rent_pence=45000, rent_frequency="weekly", service_charges_pence=1250,
                       service_charges_paid_by="tenant", tenancy_start_on=date(2025, 11, 3),
                       tenancy_type="assured_shorthold", **fields)
    db.session.commit()
    return task


def due(day: date) -> dict:
    return {"due-day": str(day.day), "due-month": str(day.month), "due-year": str(day.year)}


def test_an_officer_raises_a_request_that_lands_on_the_landlords_to_do_list(db, council_client, lead_client, claim,
                                                                            today):
    response = council_client.post("/admin/requests/new", data={"claim_reference": "hb7001", "kind": "still_resident",
                                                                 **due(today + timedelta(days=14))})
    task = db.session.scalar(select(Task))
    assert response.status_code == 303 and task.reference == f"LP-{task.id:06d}"
    assert task.due_on == today + timedelta(days=14) and task.raised_by_id is not None
    assert task.reference in parse_page(lead_client.get("/to-do")).text("#tasks")


# The due date is days from today, counted when the test runs; None leaves it out.
@pytest.mark.parametrize("data, due_in_days, message", [
    ({"claim_reference": "HB0000", "kind": "still_resident"}, 14, "Enter the reference of a claim in the portal"),
    ({"claim_reference": "HB7001", "kind": ""}, 14, "Select what the landlord should confirm"),
    ({"claim_reference": "HB7001", "kind": "still_resident"}, 0, "The due date must be in the future"),
    ({"claim_reference": "HB7001", "kind": "still_resident"}, None, "Enter the due date"),
])
def test_a_request_with_a_mistake_is_refused_with_the_reason(db, council_client, claim, today, data, due_in_days,
                                                             message):
    if due_in_days is not None:
        data = data | due(today + timedelta(days=due_in_days))
    page = parse_page(council_client.post("/admin/requests/new", data=data))
    assert message in page.text(".govuk-error-summary")
    assert db.session.scalar(select(Task)) is None


def test_the_officer_sees_who_answered_marks_it_processed_and_it_leaves_the_waiting_list(db, council_client, claim,
                                                                                       landlord_world, lead_client):
    task = answered_task(db, claim, landlord_world["lead"])
    assert "RQ-1" in parse_page(council_client.get("/admin/requests")).text("#requests")
    page = parse_page(council_client.get(f"/admin/requests/{task.id}"))
    assert landlord_world["lead"].full_name in page.text("#request-details")
    assert "£450.00 weekly" in page.text("#answer-details")
    overview = parse_page(council_client.get("/admin"))
    assert overview.text("#answers-waiting").endswith("1")
    council_client.post(f"/admin/requests/{task.id}/processed")
    db.session.expire_all()
    assert db.session.get(Task, task.id).processed_at is not None
    assert "No requests" in parse_page(council_client.get("/admin/requests")).text("#task-list")
    assert "RQ-1" in parse_page(council_client.get("/admin/requests?show=processed")).text("#requests")
    assert "The council processed it" in parse_page(lead_client.get("/to-do/RQ-1")).text("#answered")


def test_the_answers_csv_has_the_answer_in_the_benefits_systems_format_and_is_audited(db, council_client, claim,
                                                                                     landlord_world):
    answered_task(db, claim, landlord_world["lead"])
    response = council_client.get("/admin/requests/answers.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["request_id"], r["claim_reference"], r["rent"], r["rent_frequency"], r["service_charges"],
             r["tenancy_start_date"], r["tenant_name"]) for r in rows] == [
        ("RQ-1", "HB7001", "450.00", "weekly", "12.50", "2025-11-03", "Aisha Brown")]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "task_answers")) is not None


def test_export_answers_writes_each_answer_once_to_the_pickup_folder(app, db, claim, landlord_world, tmp_path):
    app.config["LP_EXPORT_DIR"] = str(tmp_path / "pickup")
    answered_task(db, claim, landlord_world["lead"])
    runner = app.test_cli_runner()
    assert "1 answer(s)" in runner.invoke(args=["lp", "export-answers"]).output
    assert "nothing to write" in runner.invoke(args=["lp", "export-answers"]).output
    answered_task(db, claim, landlord_world["lead"], reference="RQ-2")
    runner.invoke(args=["lp", "export-answers"])
    files = sorted((tmp_path / "pickup").glob("answers-*.csv"))
    ids = [[row["request_id"] for row in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))] for path in files]
    assert ids == [["RQ-1"], ["RQ-2"]]
    assert not list((tmp_path / "pickup").glob("*.partial"))


def test_a_file_left_half_way_is_finished_or_removed_by_the_next_run(app, db, claim, landlord_world, tmp_path):
    from lp.tasks.answers import export_answers

    answered_task(db, claim, landlord_world["lead"])
    folder = tmp_path / "pickup"
    folder.mkdir()
    # A run that died before its commit: its answer is still waiting, so its file goes and it is written again.
    (folder / "answers-1.csv.partial").write_text("request_id\nRQ-1\n", encoding="utf-8")
    with app.app_context():
        path, count = export_answers(folder)
    assert count == 1 and sorted(p.name for p in folder.iterdir()) == [path.name]


def test_the_dashboards_overdue_count_follows_a_request_raised_and_one_answered(db, claim, lead_client, today):
    # The count is kept between loads (lp.tasks.queries.overdue_count): raising or answering must show at once.
    first = f.make_task(claim, reference="RQ-7", due_on=today - timedelta(days=2))
    db.session.commit()
    assert "1 overdue request from" in parse_page(lead_client.get("/")).text("#overdue-requests")
    f.make_task(claim, reference="RQ-8", due_on=today - timedelta(days=1))
    db.session.commit()
    assert "2 overdue requests from" in parse_page(lead_client.get("/")).text("#overdue-requests")
    first.answered_at = utcnow()
    db.session.commit()
    assert "1 overdue request from" in parse_page(lead_client.get("/")).text("#overdue-requests")


def test_overdue_requests_are_counted_on_the_dashboard_and_reminded_once_a_day_without_tenant_data(
        app, db, claim, landlord_world, lead_client, today):
    f.make_task(claim, reference="RQ-5", due_on=today - timedelta(days=1))
    f.make_task(claim, reference="RQ-6", due_on=today + timedelta(days=5))
    quiet = f.make_user(landlord_world["landlord"], permissions=["provide_tenancy_details"], alerts_email=False)
    f.make_user(landlord_world["landlord"], permissions=["view_claims"])  # cannot answer: not reminded
    db.session.commit()
    page = parse_page(lead_client.get("/"))
    assert "1 overdue request from the council to answer" in page.text("#overdue-requests")
    assert page.select_one("#overdue-requests a")["href"] == "/to-do?due=overdue"
    runner = app.test_cli_runner()
    assert "1 e-mail(s)" in runner.invoke(args=["lp", "remind"]).output
    assert "0 e-mail(s)" in runner.invoke(args=["lp", "remind"]).output
    mails = list(db.session.scalars(select(OutboxMessage)))
    assert [m.recipient for m in mails] == [landlord_world["lead"].email] and quiet.email not in mails[0].recipient
    assert "1 overdue request" in mails[0].body and "/to-do?due=overdue" in mails[0].body
    for private in ("Aisha", "Brown", "HB7001", "RQ-5"):
        assert private not in mails[0].subject + mails[0].body
