"""'I am no longer this tenant's landlord': a kind of change report with the date the tenancy ended,
checked, and in the council's change-report queue."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp import horizon
from lp.models import ChangeReport
from tests.changes.test_changes import claim, report_data  # noqa: F401  (claim is a fixture)
from tests.conftest import parse_page


def _on(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def eight_weeks_and_a_day_ahead() -> str:
    """Called (by report_data) when the test runs, not when pytest collects the parameters, maybe the day before."""
    return _on(horizon.today() + timedelta(weeks=8, days=1))


def ended(**changes):
    return report_data(change_type="tenancy_ended", details="Sold the property; the new owner is Acme Homes.",
                       **changes)


def test_a_landlord_reports_the_tenancy_ended_and_the_council_sees_it_in_its_queue(db, lead_client, council_client,
                                                                                   claim):  # noqa: F811
    form = parse_page(lead_client.get("/claims/HB5001/report-change"))
    label = form.select_one('label[for="change_type-tenancy_ended"], input[value="tenancy_ended"] + label')
    assert label.get_text(strip=True) == "I am no longer this tenant’s landlord"
    assert "the date the tenancy ended" in form.text("#happened_on-hint")
    end = date.today() - timedelta(days=10)
    response = lead_client.post("/claims/HB5001/report-change", data=ended(happened_on=_on(end)))
    report = db.session.scalar(select(ChangeReport))
    assert response.status_code == 303 and (report.change_type, report.happened_on) == ("tenancy_ended", end)
    mine = parse_page(lead_client.get(response.location)).text("#report-details")
    assert "I am no longer this tenant’s landlord" in mine and f"Tenancy ended on {_on(end)}" in mine
    queue = parse_page(council_client.get("/admin/changes"))
    row = queue.select_one("#reports tbody tr").get_text(" ", strip=True)
    assert report.reference in row and f"I am no longer this tenant’s landlord (tenancy ended on {_on(end)})" in row
    shown = parse_page(council_client.get(f"/admin/changes/{report.id}")).text("#report-details")
    assert f"Tenancy ended on {_on(end)}" in shown


def test_a_tenancy_ending_under_notice_may_be_reported_up_to_8_weeks_ahead(db, lead_client, claim):  # noqa: F811
    soon = date.today() + timedelta(weeks=8)
    assert lead_client.post("/claims/HB5001/report-change", data=ended(happened_on=_on(soon))).status_code == 303
    assert db.session.scalar(select(ChangeReport.happened_on)) == soon


@pytest.mark.parametrize("happened_on, message", [
    ("", "Enter the date the tenancy ended"),
    ("31/02/2026", "The date the tenancy ended must be a real date, like 27/03/2026"),
    ("next week", "The date the tenancy ended must be a real date, like 27/03/2026"),
    (eight_weeks_and_a_day_ahead, "The date the tenancy ended must be within 8 weeks from today"),
])
def test_the_date_the_tenancy_ended_is_checked(db, lead_client, claim, happened_on, message):  # noqa: F811
    page = parse_page(lead_client.post("/claims/HB5001/report-change", data=ended(happened_on=happened_on)))
    assert message in page.text(".govuk-error-summary") and message in page.text("#happened_on-error")
    assert page.select_one('input[value="tenancy_ended"]').has_attr("checked")
    assert "Sold the property" in page.text("textarea")
    assert db.session.scalar(select(ChangeReport)) is None
