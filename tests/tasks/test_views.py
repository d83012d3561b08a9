"""The landlord's to-do list: the filters, the answer form's checks, the answer kept and shown, and who may."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp import horizon
from lp.models import AuditEvent, Task
from tests import factories as f
from tests.conftest import parse_page, when_run


def next_year() -> str:
    """Called when the test runs, not when pytest collects the parameters (which may be last year)."""
    return str(horizon.today().year + 1)


@pytest.fixture
def tasks(db, landlord_world, today):
    w = landlord_world
    aisha = f.make_claim(w["account"], first_name="Aisha", surname="Brown", reference="HB7001", postcode="AN1 2BC")
    omar = f.make_claim(w["second_account"], first_name="Omar", surname="Price", reference="HB7002", postcode="AN9 9ZZ")
    stranger = f.make_claim(w["other_account"], first_name="Nina", surname="Stranger", reference="HB7003")
    made = {
        "new": f.make_task(aisha, reference="RQ-1", due_on=today + timedelta(days=20)),
        "late": f.make_task(omar, reference="RQ-2", kind="still_resident", due_on=today - timedelta(days=2)),
        "soon": f.make_task(omar, reference="RQ-3", due_on=today),
        "foreign": f.make_task(stranger, reference="RQ-9"),
    }
    db.session.commit()
    return made


def rows(page) -> list[str]:
    return [row.select_one("td").get_text(" ", strip=True) for row in page.select("#tasks tbody tr")]


def test_the_list_shows_the_kind_tenant_postcode_and_dates_soonest_first_and_never_another_landlords(
        lead_client, tasks, today):
    page = parse_page(lead_client.get("/to-do"))
    table = page.text("#tasks")
    assert [r.split(" for ")[0] for r in rows(page)] == [
        "Confirm the tenant still lives at the property", "New claim", "New claim"]
    assert "Brown, Aisha" in table and "AN1 2BC" in table and "Overdue" in table
    assert (today + timedelta(days=20)).strftime("%-d %b %Y") in table or "RQ-1" in table
    assert "Stranger" not in table and "RQ-9" not in table


@pytest.mark.parametrize("query, expected", [
    ("due=overdue", ["RQ-2"]),
    ("due=week", ["RQ-3"]),
    ("q=brown", ["RQ-1"]),
    ("q=HB7002", ["RQ-2", "RQ-3"]),
    ("q=an9", ["RQ-2", "RQ-3"]),
    ("q=stranger", []),
])
def test_the_list_filters_by_keyword_and_due_date(lead_client, tasks, query, expected):
    page = parse_page(lead_client.get(f"/to-do?{query}"))
    assert [ref for ref in ("RQ-1", "RQ-2", "RQ-3", "RQ-9") if ref in page.text("#task-results")] == expected
    if not expected:
        assert "No requests match" in page.text("#task-results")


def test_htmx_gets_only_the_rows_block(lead_client, tasks):
    response = lead_client.get("/to-do?q=brown", headers={"HX-Request": "true", "HX-Target": "task-results"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="task-results"') and "RQ-1" in html and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def answer(**changes):
    data = {"tenant_name": "Aisha Brown", "rent": "£1,125.50", "rent_frequency": "monthly", "service_charges": "12",
            "service_charges_paid_by": "tenant", "tenancy_start-day": "3", "tenancy_start-month": "11",
            "tenancy_start-year": str(horizon.today().year - 1), "tenancy_type": "assured_shorthold"}
    data.update({name: when_run(value) for name, value in changes.items()})
    return data


def test_an_answer_is_kept_in_pence_shown_with_when_and_by_whom_and_audited(db, lead_client, tasks, landlord_world):
    data = answer()
    response = lead_client.post("/to-do/RQ-1", data=data)
    assert response.status_code == 303 and response.location == "/to-do/RQ-1"
    task = db.session.scalar(select(Task).where(Task.reference == "RQ-1"))
    assert (task.rent_pence, task.rent_frequency, task.service_charges_pence) == (112550, "monthly", 1200)
    assert task.tenancy_start_on == date(int(data["tenancy_start-year"]), 11, 3)
    assert task.answered_by_id == landlord_world["lead"].id
    page = parse_page(lead_client.get("/to-do/RQ-1"))
    assert "Your answer to request RQ-1 has been sent" in page.text(".govuk-notification-banner, main")
    assert "£1,125.50 monthly" in page.text("#answer-details") and "Assured shorthold" in page.text("#answer-details")
    assert "by you" in page.text("#answered")
    assert not page.select("form[action='/to-do/RQ-1']")  # an answer is final
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_ref == "RQ-1")))
    assert {"task.answered", "task.viewed"} <= actions
    assert "RQ-1" not in parse_page(lead_client.get("/to-do")).text("#task-results")
    assert "RQ-1" in parse_page(lead_client.get("/to-do?state=answered")).text("#task-results")


def test_a_manager_sees_who_answered_and_a_user_without_manage_users_does_not(app, db, tasks, landlord_world, sign_in):
    answerer = f.make_user(landlord_world["landlord"], first_name="Priya", last_name="Answerer",
                           permissions=["provide_tenancy_details"])
    db.session.commit()
    sign_in(app.test_client(), answerer).post("/to-do/RQ-2", data={"still_resident": "yes"})
    other = f.make_user(landlord_world["landlord"], permissions=["provide_tenancy_details"])
    db.session.commit()
    manager = sign_in(app.test_client(), landlord_world["lead"])
    assert "by Priya Answerer" in parse_page(manager.get("/to-do/RQ-2")).text("#answered")
    plain = parse_page(sign_in(app.test_client(), other).get("/to-do/RQ-2")).text("#answered")
    assert "Answered" in plain and "Priya" not in plain


@pytest.mark.parametrize("changes, field, message", [
    ({"rent": ""}, "rent", "Enter the rent"),
    ({"rent": "12x"}, "rent", "The rent must be an amount in pounds and pence, like 125.50"),
    ({"rent": "0"}, "rent", "The rent must be more than £0"),
    ({"rent_frequency": ""}, "rent_frequency", "Select how often the rent is charged"),
    ({"service_charges_paid_by": "none"}, "service_charges_paid_by", "Select who pays the service charges: you entered an amount for them"),
    ({"tenancy_start-month": ""}, "tenancy_start", "The date the tenancy started must include a month"),
    ({"tenancy_start-day": "31", "tenancy_start-month": "2"}, "tenancy_start", "The date the tenancy started must be a real date"),
    ({"tenancy_start-year": next_year}, "tenancy_start", "The date the tenancy started must be today or in the past"),
    ({"tenancy_type": "castle"}, "tenancy_type", "Select the type of tenancy"),
    ({"tenant_name": ""}, "tenant_name", "Enter the tenant’s name as it is on the tenancy agreement"),
])
def test_a_wrong_answer_is_refused_next_to_the_field_and_in_the_summary_keeping_the_rest(db, lead_client, tasks, changes,
                                                                                     field, message):
    data = answer(**changes)
    page = parse_page(lead_client.post("/to-do/RQ-1", data=data))
    assert page.title.startswith("Error:")
    assert message in page.text(".govuk-error-summary")
    assert page.select_one(f'.govuk-error-summary a[href="#{field}"]')
    assert message in page.text(".govuk-form-group--error")
    assert page.select_one('input[name="tenant_name"]')["value"] == changes.get("tenant_name", "Aisha Brown")
    assert page.select_one('input[name="tenancy_start-year"]')["value"] == data["tenancy_start-year"]
    assert db.session.scalar(select(Task.answered_at).where(Task.reference == "RQ-1")) is None


def test_still_resident_no_needs_the_date_they_moved_out(db, lead_client, tasks, today):
    page = parse_page(lead_client.post("/to-do/RQ-2", data={"still_resident": "no"}))
    assert "Enter the date the tenant moved out" in page.text(".govuk-error-summary")
    lead_client.post("/to-do/RQ-2", data={"still_resident": "no", "moved_out-day": "1", "moved_out-month": "1",
                                          "moved_out-year": str(today.year)})
    task = db.session.scalar(select(Task).where(Task.reference == "RQ-2"))
    assert task.still_resident is False and task.moved_out_on == date(today.year, 1, 1)


def test_an_answer_sent_twice_keeps_the_first(db, lead_client, tasks):
    lead_client.post("/to-do/RQ-1", data=answer())
    response = lead_client.post("/to-do/RQ-1", data=answer(rent="999"))
    assert response.status_code == 303
    assert db.session.scalar(select(Task.rent_pence).where(Task.reference == "RQ-1")) == 112550


def test_another_landlords_request_is_not_found(lead_client, tasks):
    assert lead_client.get("/to-do/RQ-9").status_code == 404
    assert lead_client.post("/to-do/RQ-9", data=answer()).status_code == 404


def test_without_provide_tenancy_details_there_is_no_list_and_no_menu_item(viewer_client, tasks):
    assert viewer_client.get("/to-do").status_code == 403
    assert "To-do list" not in parse_page(viewer_client.get("/claims")).text("nav")


def test_the_team_pages_offer_provide_tenancy_details(lead_client, tasks):
    page = parse_page(lead_client.get("/team/invite"))
    assert "Provide tenancy details" in page.text("main form")
