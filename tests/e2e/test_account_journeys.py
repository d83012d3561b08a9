"""Account and change-report journeys in a real browser (issue 13, items 12, 14, 18 and 19): a landlord
ends a tenancy by a change report, the council decides it and the landlord is e-mailed; the lists'
CSV and Print; and 'Someone else may have used my account' from the button to a new password.

Two of the four combinations, as test_more_journeys.py: JavaScript on at desktop size, off on a phone.
"""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import latest_key, latest_link_path, latest_message, signed_in_as, submit
from tests.e2e.test_journeys import second_person
from tests.e2e.test_more_journeys import checked

pytestmark = pytest.mark.e2e
TWO = pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True,
                              ids=["js-desktop", "nojs-phone"])
NEW_PASSWORD = "plum tractor lantern 42"


@pytest.fixture
def northgate(db):
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    claim = f.make_claim(account, first_name="Tomasz", surname="Nowak", reference="HB2001", overpayment_pence=12500)
    f.make_payment(account, lines=[(claim, 9850, 0, -1500)])
    lead = f.make_user(org, username="lead", email="lead@northgate.example", is_lead=True, first_name="Lena")
    colleague = f.make_user(org, username="cal", email="cal@northgate.example", first_name="Cal", last_name="Jones",
                            permissions=("view_claims", "report_changes"))
    officer = f.make_user(None, username="officer", council_role="officer", email="officer@council.example")
    db.session.commit()
    return {"org": org, "claim": claim, "lead": lead, "colleague": colleague, "officer": officer}


def download(page, link_name: str) -> list[dict]:
    """Click a download link as a user would and read the file the browser saved."""
    with page.expect_download() as saving:
        page.get_by_role("link", name=link_name).click()
    text = Path(saving.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@TWO
def test_a_landlord_ends_a_tenancy_and_is_emailed_when_the_council_decides(app, page, northgate):
    signed_in_as(app, page, northgate["lead"])
    page.goto("/changes")
    expect(page.get_by_role("link", name="Download every reported change (CSV)")).to_have_count(0)
    page.goto("/claims/HB2001/report-change")
    page.get_by_label("I am no longer this tenant’s landlord").check()
    page.get_by_label("When did it happen?").fill((date.today() + timedelta(weeks=9)).strftime("%d/%m/%Y"))
    page.get_by_label("Details").fill("Sold the property to Acme Homes.")
    submit(page, "Send the report")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date the tenancy ended must be within 8 weeks from today")
    expect(page.get_by_label("Details")).to_have_value("Sold the property to Acme Homes.")
    checked(page, "tenancy-ended-error")
    ended = date.today() - timedelta(days=3)
    page.get_by_label("When did it happen?").fill(ended.strftime("%d/%m/%Y"))
    submit(page, "Send the report")
    ended_row = page.locator("#report-details .govuk-summary-list__row", has_text="Tenancy ended on")
    expect(ended_row.locator("dd")).to_have_text(ended.strftime("%d/%m/%Y"))
    reference = page.locator("h1").inner_text().rsplit(" ", 1)[1]
    checked(page, "tenancy-ended-reported")

    page.goto("/changes")
    rows = download(page, "Download every reported change (CSV)")
    assert [(r["Reference"], r["What changed"], r["When it happened"]) for r in rows] == [
        (reference, "I am no longer this tenant’s landlord", ended.isoformat())]
    expect(page.get_by_role("link", name="Print this page")).to_be_visible()
    checked(page, "changes-list")

    council = second_person(page)
    signed_in_as(app, council, northgate["officer"])
    council.goto("/admin/changes")
    row = council.locator("#reports tbody tr", has_text=reference)
    expect(row).to_contain_text(f"I am no longer this tenant’s landlord (tenancy ended on {ended.strftime('%d/%m/%Y')})")
    checked(council, "council-queue")
    row.get_by_role("link", name=reference).click()
    council.get_by_label("Done").check()
    council.get_by_label("Note for the landlord").fill("We have ended the payments to you from the tenancy end.")
    submit(council, "Save")
    expect(council.locator(".govuk-notification-banner")).to_contain_text("We have e-mailed the landlord")
    council.context.close()

    mail = latest_message(app, "lead@northgate.example", "change_report_decided")
    assert reference in mail.subject and "Status: Done" in mail.body
    assert "Nowak" not in mail.body and "Acme" not in mail.body and "ended the payments" not in mail.body
    page.goto(latest_link_path(app, "lead@northgate.example", "change_report_decided"))
    expect(page.locator("#report-details")).to_contain_text("We have ended the payments to you")
    checked(page, "decision-read")


@TWO
def test_overpayments_and_the_access_log_download_and_print(app, page, northgate):
    signed_in_as(app, page, northgate["lead"])
    page.goto("/overpayments")
    rows = download(page, "Download every claim with an overpayment (CSV)")
    assert [(r["Claim reference"], r["Tenant name"], r["Overpayment outstanding"], r["Amount deducted"])
            for r in rows] == [("HB2001", "Tomasz Nowak", "125.00", "-15.00")]
    expect(page.get_by_role("link", name="Print this page")).to_be_visible()
    checked(page, "overpayments")
    page.goto("/team/activity")
    rows = download(page, "Download these events (CSV)")
    newest = rows[0]  # this download, itself in the log
    assert newest["Who"].startswith("Lena ") and (newest["What"], newest["Of"]) == ("Downloaded a CSV", "access log")
    checked(page, "access-log")


@TWO
def test_someone_else_may_have_used_my_account(app, page, northgate):
    colleague = northgate["colleague"]
    signed_in_as(app, page, colleague)
    elsewhere = second_person(page)
    signed_in_as(app, elsewhere, colleague)
    page.goto("/profile")
    page.get_by_role("link", name="Someone else may have used my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone else may have used my account")
    checked(page, "secure-account-confirm")
    submit(page, "Sign me out everywhere and stop my password")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have been signed out on every device")
    checked(page, "secure-account-done")
    elsewhere.goto("/profile")
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Sign in")
    elsewhere.context.close()

    assert "Cal Jones" in latest_message(app, "lead@northgate.example", "account_secured_manager").subject
    assert "cal" in latest_message(app, app.config["LP_BENEFITS_EMAIL"], "account_secured_council").body
    page.goto("/sign-in")
    page.get_by_label("Username").fill("cal")
    page.get_by_label("Password").fill(f.PASSWORD)
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")

    page.goto(latest_link_path(app, "cal@northgate.example", "account_secured"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    submit(page, "Save password")
    page.get_by_label("Username").fill("cal")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    submit(page, "Continue")
    page.get_by_label("Sign-in key").fill(latest_key(app, "cal@northgate.example"))
    submit(page, "Continue")
    expect(page.get_by_role("navigation", name="Menu")).to_be_attached()
