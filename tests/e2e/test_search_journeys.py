"""Finding things in a real Chromium: the claim search on a phone (one box, suspended claims, no jump
after load), a payment's breakdown opened inline, and a payment found by its tenant."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import check_accessibility, no_horizontal_scroll, signed_in_as, submit

pytestmark = pytest.mark.e2e
JS_AND_NOJS_PHONE = pytest.mark.parametrize("page", [(True, "phone"), (False, "phone")], indirect=True,
                                            ids=["js-phone", "nojs-phone"])
JS_PHONE = pytest.mark.parametrize("page", [(True, "phone")], indirect=True, ids=["js-phone"])

# The cumulative layout shift of everything that moved while the page loaded: 'layout-shift'
# entries the browser buffered, less those caused by the user's own input.
CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


def checked(page, step: str) -> None:
    assert check_accessibility(page, step) == [], step
    assert no_horizontal_scroll(page), f"{step}: scrolls sideways"


@pytest.fixture
def tenancies(db):
    """An organisation with 30 tenants: active ones, 4 suspended, one ended, and payments to them."""
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    claims = [f.make_claim(account, first_name="Tenant", surname=f"Person{n:02}", postcode=f"AN{n} 1AA",
                           reference=f"HB10000{n:02}") for n in range(20, 45)]
    suspended = [
        f.make_claim(account, first_name=first, surname=surname, reference=f"HB100000{n}", status="Suspended",
                     suspended=True, suspension_reason="Awaiting evidence of rent", postcode="AN3 4DE")
        for n, (first, surname) in enumerate([("Carl", "Khan"), ("Dana", "Lee"), ("Eve", "Moss"), ("Finn", "Nash")],
                                             start=1)
    ]
    ended = f.make_claim(account, first_name="Gil", surname="Owen", reference="HB1000011", status="Ended",
                         end_date=date.today() - timedelta(days=30))
    okafor = f.make_claim(account, first_name="Grace", surname="Okafor", reference="HB1000050",
                          address="Flat 2|14 Quay Street|Anytown")
    payment = f.make_payment(account, lines=[(okafor, 67632, 0, 0)], reference="PAY-7731",
                             paid_on=date.today() - timedelta(days=4))
    f.make_payment(account, lines=[(claims[0], 41200, 0, 0)], reference="PAY-7700",
                   paid_on=date.today() - timedelta(days=11))
    lead = f.make_user(org, username="lead", email="lead@northgate.example", is_lead=True)
    db.session.commit()
    return {"account": account, "suspended": suspended, "ended": ended, "okafor": okafor, "payment": payment,
            "lead": lead}


@JS_PHONE
def test_the_claim_search_does_not_jump_after_it_loads_on_a_phone(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/claims")
    page.wait_for_load_state("load")
    shift = page.evaluate(CLS)
    assert shift < 0.05, f"cumulative layout shift {shift:.3f}"


def claim_references(page) -> list[str]:
    return page.locator("#claim-results tbody td[data-label='Claim'] a").all_inner_texts()


@JS_AND_NOJS_PHONE
def test_only_suspended_claims_finds_the_suspended_claims_the_dashboard_counts(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/")
    expect(page.locator("#suspended-claims")).to_contain_text("4 suspended claims")
    page.goto("/claims")
    checked(page, "claims")
    page.get_by_text("More filters").click()
    page.get_by_label("Only suspended claims").check()
    submit(page, "Search")
    expect(page.locator("#claim-results")).to_contain_text("Showing 1 to 4 of 4 claims")
    assert claim_references(page) == ["HB1000001", "HB1000002", "HB1000003", "HB1000004"]
    expect(page.locator("#claim-results [role=status]")).to_have_text(
        "Showing 1 to 4 of 4 claims whose payments are suspended, of every HB status")
    checked(page, "suspended-claims")
    # The address an older link used (the old default status with the tick) finds them too.
    page.goto("/claims?status=Active&suspended=1")
    assert claim_references(page) == ["HB1000001", "HB1000002", "HB1000003", "HB1000004"]
    expect(page.locator("#more-filters")).to_have_attribute("open", "")


@JS_AND_NOJS_PHONE
def test_one_box_finds_an_ended_claim_by_reference_with_the_results_in_view(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/claims")
    box = page.get_by_label("Name, claim or rent reference, or postcode")
    expect(page.locator("#more-filters")).not_to_have_attribute("open", "")
    # The one box and the button come before the first result, and the first result is on the screen.
    first_row = page.locator("#claim-results tbody tr").first
    assert box.bounding_box()["y"] < first_row.bounding_box()["y"]
    box.fill("HB1000011")
    if page.lp_javascript:
        expect(page.locator("#claim-results")).to_contain_text("Owen")  # live search, no button needed
        page.wait_for_url("**/claims?q=HB1000011*")
    else:
        submit(page, "Search")
    assert claim_references(page) == ["HB1000011"]
    expect(page.locator("#claim-results")).to_contain_text("Ended")
    row = page.locator("#claim-results tbody tr").first.bounding_box()
    if page.lp_javascript:  # the menu folded: the result starts on the first screen
        assert row["y"] + 40 < page.viewport_size["height"], f"the result starts at {row['y']} px"
    else:  # the menu is open without JavaScript, but nothing of the form but one box sits above the result
        form = page.locator("form[role='search']").bounding_box()
        assert row["y"] - (form["y"] + form["height"]) < 150 and form["height"] < 200, (form, row)
    checked(page, "claims-one-box")


@JS_AND_NOJS_PHONE
def test_unread_letters_since_a_date_include_a_suspended_claims(app, db, page, tenancies):
    f.make_letter(tenancies["suspended"][3], letter_type="Suspension of payments",
                  sent_on=date.today() - timedelta(days=3))
    db.session.commit()
    signed_in_as(app, page, tenancies["lead"])
    since = (date.today() - timedelta(days=10)).strftime("%d/%m/%Y")
    page.goto(f"/claims?unread_since={since}")
    assert claim_references(page) == ["HB1000004"]


INLINE_LABELS = """() => Array.from(document.querySelectorAll('#payment-rows .lp-breakdown tbody td'))
  .map(td => getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''))"""


@JS_PHONE
def test_a_payment_opened_inline_on_a_phone_has_the_labels_of_its_own_page(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/payments")
    page.get_by_role("link", name="£676.32 – breakdown of payment PAY-7731").click()
    expect(page.locator("#payment-rows .lp-breakdown")).to_contain_text("Okafor")
    labels = page.evaluate(INLINE_LABELS)
    assert labels == ["Claim reference", "Tenant", "Rent reference", "Address", "Postcode", "Period", "HB", "DHP",
                      "Adjustment", "Amount"]
    expect(page.locator("#payment-rows .lp-breakdown tbody td[data-label='Amount']")).to_have_text("£676.32")
    checked(page, "payment-inline")


@JS_AND_NOJS_PHONE
def test_a_payment_is_found_by_its_tenants_name(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/payments")
    page.get_by_label("Tenant name, claim reference or payment reference").fill("Grace Okafor")
    submit(page, "Show payments")
    amounts = page.locator("#payment-rows td[data-label='Amount'] a")
    expect(amounts).to_have_count(1)
    expect(amounts.first).to_contain_text("£676.32")
    checked(page, "payments-by-tenant")


@JS_AND_NOJS_PHONE
def test_a_claims_payments_tab_shows_the_whole_address_data_as_at_and_csv_and_print(app, page, tenancies):
    signed_in_as(app, page, tenancies["lead"])
    page.goto("/claims/HB1000050/payments")
    expect(page.locator("#data-as-at")).to_be_visible()
    address = page.locator("#claim-tab tbody td[data-label='Address']").first
    expect(address).to_contain_text("Flat 2, 14 Quay Street, Anytown, AN3 4DE")
    tab = page.locator("#claim-tab")
    expect(tab.get_by_role("link", name="Download these payments (CSV)")).to_be_visible()
    expect(tab.get_by_role("link", name="Print this page")).to_be_visible()
    checked(page, "claim-payments-tab")
