"""Rent changes in the browser: the landlord fills in the template, a file with errors is refused line
by line, the corrected file is previewed (old rent to new, the same after a reload), sent, and the
council downloads it in its schedule and marks it processed; with JavaScript on a desktop and without
it at 320 px, axe checking each page."""
from __future__ import annotations

import csv
import io
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


def _save(tmp_path, name: str, rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="cp1252")  # as Excel saves a plain "CSV" on Windows
    return str(path)


@pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True, ids=["js-desktop", "nojs-320"])
def test_a_file_with_errors_is_refused_then_the_corrected_file_reaches_the_councils_schedule(app, db, page, tmp_path):
    if page.viewport_size["width"] < 400:
        page.set_viewport_size({"width": 320, "height": 640})
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    lead = f.make_user(org, username="lead", is_lead=True)
    officer = f.make_user(None, username="officer", council_role="officer")
    first = f.make_claim(account, reference="HB7001", rent_reference="NHA/001")
    f.make_claim(account, reference="HB7002", rent_reference="NHA/002")
    f.make_claim(f.make_account(f.make_landlord(name="Other Lettings"), reference="7001"), reference="HB8001")
    f.make_rent_change(org.id, lead, [first], status="processed", weekly_rent_pence=11000)
    db.session.commit()
    starts = (date.today() + timedelta(days=14)).strftime("%d/%m/%Y")

    signed_in_as(app, page, lead)
    page.goto("/")
    page.locator("#navigation").get_by_role("link", name="Rent changes").click()
    expect(page.locator("h1")).to_have_text("Rent changes")
    _accessible_and_narrow(page, "rent-changes")
    template = _download(page, "Download the template with your current claims (CSV)")
    assert template[0][:4] == ["claim_reference", "rent_reference", "current_weekly_rent", "new_rent"]
    assert [row[:3] for row in template[1:]] == [["HB7001", "NHA/001", "110.00"], ["HB7002", "NHA/002", ""]]

    # The landlord fills in the template, with a slip or two and another landlord's claim.
    filled = [template[0],
              ["HB7001", "NHA/001", "110.00", "115,50", "weekly", "", starts],
              ["HB7002", "NHA/002", "", "=C3*1.05", "weekly", "", starts],
              ["HB8001", "", "", "99.00", "weekly", "", starts]]
    page.get_by_label("CSV file of rent changes").set_input_files(_save(tmp_path, "rents £.csv", filled))
    submit(page, "Check the file")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file has 3 errors: nothing has been kept")
    expect(page.locator("#line-errors li")).to_have_text([
        "Line 2: new rent must be an amount in pounds, like 125.50, not 115,50",
        "Line 3: new rent is a formula: save the file with values, not formulas",
        "Line 4: claim reference HB8001 is not one of your claims",
    ])
    _accessible_and_narrow(page, "rent-changes-refused")

    filled[1][3], filled[2][3], filled[2][4] = "115.50", "480.00", "monthly"
    del filled[3]
    page.get_by_label("CSV file of rent changes").set_input_files(_save(tmp_path, "rents £.csv", filled))
    submit(page, "Check the file")
    expect(page.locator("h1")).to_have_text("Check your rent changes")
    rows = page.locator("#lines tbody tr")
    expect(rows.nth(0)).to_contain_text("£110.00")
    expect(rows.nth(0)).to_contain_text("£115.50 weekly")
    expect(rows.nth(1)).to_contain_text("Not known")
    expect(rows.nth(1)).to_contain_text("£480.00 monthly (£110.77 a week)")
    page.reload()  # the preview is kept in the database: a reload shows it again
    expect(page.locator("#lines tbody tr")).to_have_count(2)
    _accessible_and_narrow(page, "rent-changes-preview")
    submit(page, "Send 2 rent changes to the council")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Rent changes sent. Your reference is RC-")
    expect(page.locator("#submissions tbody tr").first).to_contain_text("Sent to the council")
    reference = page.locator("#submissions tbody tr a").first.inner_text()

    signed_in_as(app, page, officer)
    page.goto("/admin/rent-changes")
    _accessible_and_narrow(page, "admin-rent-changes")
    schedule = _download(page, "Download the schedule of rent changes not yet processed (CSV): 2 lines from 1 submission")
    assert [(row[0], row[2], row[4], row[5], row[6], row[7]) for row in schedule[1:]] == [
        (reference, "HB7001", (date.today() + timedelta(days=14)).isoformat(), "115.50", "weekly", "115.50"),
        (reference, "HB7002", (date.today() + timedelta(days=14)).isoformat(), "480.00", "monthly", "110.77"),
    ]
    page.get_by_role("link", name=reference).click()
    _accessible_and_narrow(page, "admin-rent-change")
    submit(page, "Mark as processed")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{reference} is marked as processed")
    expect(page.locator("#schedule-empty")).to_have_text("Every rent change sent has been processed.")

    signed_in_as(app, page, lead)
    page.goto("/rent-changes")
    expect(page.locator("#submissions tbody tr").first).to_contain_text("Processed")
    _accessible_and_narrow(page, "rent-changes-processed")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("#rent-change-details")).to_contain_text("Processed on")
    _accessible_and_narrow(page, "rent-change-processed")
