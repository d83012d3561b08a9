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
