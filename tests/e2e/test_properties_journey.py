"""Properties in the browser: the landlord finds a property by searching for a tenant, opens it, downloads
the list (the CSV read for its rows), notes their own reference, and reports that they no longer own it;
the council sees the report. With JavaScript on a desktop and without it at 320 px, axe on each page."""
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


def _download(page, link_name: str) -> list[list[str]]:
    with page.expect_download() as saving:
        page.get_by_role("link", name=link_name).click()
    with open(saving.value.path(), encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True, ids=["js-desktop", "nojs-320"])
def test_a_property_is_found_opened_exported_and_reported_as_no_longer_owned(app, db, page):
    javascript = page.viewport_size["width"] >= 400
    if not javascript:
        page.set_viewport_size({"width": 320, "height": 640})
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    lead = f.make_user(org, username="lead", is_lead=True)
    officer = f.make_user(None, username="officer", council_role="officer")
    aisha = f.make_claim(account, first_name="Aisha", surname="Brown", reference="HB7001", postcode="AN1 2BC",
                         property_reference="PR-0101", address="Flat 2, 14 Acacia Avenue|Anytown", weekly_hb_pence=12550)
    f.make_payment(account, lines=[(aisha, 50200, 0, 0)], paid_on=date.today() - timedelta(days=5))
    for number in range(3):
        f.make_claim(account, surname=f"Other{number}", property_reference=f"PR-02{number}",
                     address=f"{number + 1} Mill Lane|Anytown")
    f.make_claim(f.make_account(f.make_landlord(name="Other Lettings"), reference="7001"), surname="Brownlow",
                 property_reference="PR-0101", address="9 Foreign Street|Elsewhere")
    f.make_property()
    db.session.commit()

    signed_in_as(app, page, lead)
    page.goto("/")
    page.locator("#navigation").get_by_role("link", name="Properties").click()
    expect(page.locator("h1")).to_have_text("Properties")
    expect(page.locator("#properties tbody tr")).to_have_count(4)
    _accessible_and_narrow(page, "properties")

    page.get_by_label("Address, postcode, property reference or tenant").fill("brown")
    if javascript:  # htmx narrows the list as the landlord types
        expect(page.locator("#properties tbody tr")).to_have_count(1)
    else:
        submit(page, "Search")
    expect(page.locator("#properties tbody tr")).to_have_count(1)
    expect(page.locator("#properties")).to_contain_text("Aisha Brown")
    expect(page.locator("#properties")).not_to_contain_text("Foreign")
    assert "q=brown" in page.url

    rows = _download(page, "Download 1 property (CSV)")
    assert rows[0] == ["Property reference", "Your reference", "Landlord reference", "Address", "Postcode",
                       "Tenants on HB now", "Claim status", "Weekly HB", "Notes"]
    assert rows[1:] == [["PR-0101", "", "9998", "Flat 2, 14 Acacia Avenue, Anytown", "AN1 2BC", "Aisha Brown",
                         "Active", "125.50", ""]]

    page.get_by_role("link", name="Flat 2, 14 Acacia Avenue").click()
    expect(page.locator("h1")).to_have_text("Flat 2, 14 Acacia Avenue, Anytown, AN1 2BC")
    expect(page.locator("#property-claims")).to_contain_text("HB7001")
    expect(page.locator("#property-payments")).to_contain_text("£502.00")
    _accessible_and_narrow(page, "property")

    page.get_by_role("link", name="Change your reference or notes").click()
    page.get_by_label("Your reference for this property (optional)").fill("=SUM(A1)")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your reference must start with a letter or number")
    expect(page.get_by_label("Notes (optional)")).to_have_value("")
    _accessible_and_narrow(page, "property-details-refused")
    page.get_by_label("Your reference for this property (optional)").fill("ACA-14/2")
    page.get_by_label("Notes (optional)").fill("Keys with the caretaker")
    submit(page, "Save")
    expect(page.locator("#property-summary")).to_contain_text("ACA-14/2")
    expect(page.locator("#property-summary")).to_contain_text("Keys with the caretaker")

    page.get_by_role("link", name="I no longer own this property").click()
    expect(page.locator("h1")).to_have_text("I no longer own this property")
    page.get_by_label("When did you stop owning it?").fill("31/02/2026")
    page.get_by_label("Anything else we should know (optional)").fill("Sold to Acme Lettings")
    submit(page, "Tell the council")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    expect(page.get_by_label("Anything else we should know (optional)")).to_have_value("Sold to Acme Lettings")
    _accessible_and_narrow(page, "no-longer-owned-refused")
    ended = date.today() - timedelta(days=1)
    page.get_by_label("When did you stop owning it?").fill(ended.strftime("%d/%m/%Y"))
    submit(page, "Tell the council")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have told the council you no longer own this property. Your reference is CR-")
    expect(page.locator("#no-longer-owned")).to_contain_text("You told the council you no longer own this property")
    expect(page.get_by_role("link", name="I no longer own this property")).to_have_count(0)
    _accessible_and_narrow(page, "property-reported")
    reference = page.locator("#no-longer-owned a").inner_text()

    signed_in_as(app, page, officer)
    page.goto("/admin/changes")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("I no longer own this property")
