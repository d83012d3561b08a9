"""The to-do list in the browser: the dashboard's overdue count, the list narrowed by a search, a
request answered (a wrong rent corrected on the way), then read, downloaded and marked processed by
an officer; with JavaScript on a desktop and without it at 320 px, axe checking each page."""
from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import check_accessibility, no_horizontal_scroll, signed_in_as, submit

pytestmark = pytest.mark.e2e


def _accessible_and_narrow(page, step: str) -> None:
    assert check_accessibility(page, step) == []
    assert no_horizontal_scroll(page), step


def _download(page, link_name: str) -> list[dict]:
    with page.expect_download() as saving:
        page.get_by_role("link", name=link_name).click()
    with open(saving.value.path(), encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True, ids=["js-desktop", "nojs-320"])
def test_a_request_answered_by_the_landlord_is_processed_by_an_officer_whose_csv_has_the_answer(app, db, page):
    if page.viewport_size["width"] < 400:
        page.set_viewport_size({"width": 320, "height": 640})
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    lead = f.make_user(org, username="lead", is_lead=True, first_name="Dana", last_name="Lead")
    officer = f.make_user(None, username="officer", council_role="officer")
    aisha = f.make_claim(account, reference="HB7001", first_name="Aisha", surname="Brown", postcode="AN1 2BC")
    omar = f.make_claim(account, reference="HB7002", first_name="Omar", surname="Price", postcode="AN9 9ZZ")
    f.make_task(aisha, reference="RQ0001", due_on=date.today() + timedelta(days=5))
    f.make_task(omar, reference="RQ0002", kind="still_resident", due_on=date.today() - timedelta(days=2))
    db.session.commit()
    started = date.today() - timedelta(days=40)

    signed_in_as(app, page, lead)
    page.goto("/")
    expect(page.locator("#overdue-requests")).to_contain_text("1 overdue request from the council to answer")
    page.locator("#navigation").get_by_role("link", name="To-do list").click()
    expect(page.locator("h1")).to_have_text("To-do list")
    expect(page.locator("#tasks tbody tr")).to_have_count(2)
    _accessible_and_narrow(page, "to-do")

    page.get_by_label("Tenant, claim reference or postcode").fill("brown")
    if not page.lp_javascript:
        submit(page, "Search")
    expect(page.locator("#tasks tbody tr")).to_have_count(1)  # with JavaScript, htmx narrows it as you type
    expect(page).to_have_url(f"{page.lp_base_url}/to-do?q=brown&due=all&state=open")
    expect(page.locator("#tasks")).to_contain_text("Brown, Aisha")
    expect(page.locator("#tasks")).to_contain_text("AN1 2BC")
    page.get_by_role("link", name="New claim for Aisha Brown").click()

    expect(page.locator("h1")).to_have_text("Confirm tenancy details")
    page.get_by_label("Tenant’s name").fill("Aisha Brown")
    page.get_by_label("Rent, in pounds and pence").fill("450.0O")  # a letter O for a zero
    page.get_by_role("radio", name="Weekly", exact=True).check()
    page.get_by_label("Service charges, in pounds and pence").fill("12.50")
    page.get_by_label("The tenant, with the rent").check()
    page.get_by_role("textbox", name="Day").fill(str(started.day))
    page.get_by_role("textbox", name="Month").fill(str(started.month))
    page.get_by_role("textbox", name="Year").fill(str(started.year))
    page.get_by_label("Assured shorthold tenancy").check()
    submit(page, "Send your answer")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The rent must be an amount in pounds and pence, like 125.50")
    expect(page.get_by_label("Tenant’s name")).to_have_value("Aisha Brown")  # the rest is kept
    expect(page.get_by_label("Assured shorthold tenancy")).to_be_checked()
    _accessible_and_narrow(page, "to-do-answer-error")
    summary.get_by_role("link", name="The rent must be an amount in pounds and pence, like 125.50").click()
    page.get_by_label("Rent, in pounds and pence").fill("450.00")
    submit(page, "Send your answer")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer to request RQ0001 has been sent to the council")
    expect(page.locator("#answer-details")).to_contain_text("£450.00 weekly")
    expect(page.locator("#answered")).to_contain_text("by you")
    _accessible_and_narrow(page, "to-do-answered")

    signed_in_as(app, page, officer)
    page.goto("/admin")
    page.locator("#navigation").get_by_role("link", name="Requests").click()
    expect(page.locator("#requests tbody tr")).to_have_count(1)
    _accessible_and_narrow(page, "admin-requests")
    answers = _download(page, "Download the answers not yet processed (CSV)")
    assert [(a["request_id"], a["claim_reference"], a["rent"], a["rent_frequency"], a["service_charges"],
             a["service_charges_paid_by"], a["tenancy_start_date"], a["tenancy_type"], a["tenant_name"])
            for a in answers] == [("RQ0001", "HB7001", "450.00", "weekly", "12.50", "tenant", started.isoformat(),
                                   "assured_shorthold", "Aisha Brown")]
    page.get_by_role("link", name="RQ0001").click()
    expect(page.locator("#request-details")).to_contain_text("Dana Lead")
    _accessible_and_narrow(page, "admin-request")
    submit(page, "Mark as processed")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Request RQ0001 is marked as processed")
    expect(page.locator("#no-requests")).to_be_visible()

    # The officer raises a request of their own: the due date forgotten, then given.
    page.get_by_role("link", name="raise a request").click()
    page.get_by_label("Claim reference").fill("hb7002")
    page.get_by_label("Confirm the tenant still lives at the property").check()
    submit(page, "Raise the request")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the due date")
    expect(page.get_by_label("Claim reference")).to_have_value("hb7002")
    _accessible_and_narrow(page, "admin-raise-request-error")
    due = date.today() + timedelta(days=14)
    page.get_by_role("textbox", name="Day").fill(str(due.day))
    page.get_by_role("textbox", name="Month").fill(str(due.month))
    page.get_by_role("textbox", name="Year").fill(str(due.year))
    submit(page, "Raise the request")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is on the landlord’s to-do list")
    raised = page.locator("h1").inner_text().split(":")[0].removeprefix("Request ")

    signed_in_as(app, page, lead)
    page.goto("/to-do/RQ0001")
    expect(page.locator("#answered")).to_contain_text("The council processed it")
    page.goto("/to-do")
    expect(page.locator("#tasks")).to_contain_text(raised)
