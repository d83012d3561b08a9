"""A claim's page (/claims/<ref>) and its tabs: entitlements, payments and letters, each its own URL."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lp.models import AuditEvent
from tests import factories as f
from tests.conftest import parse_page

TAB = {"HX-Request": "true", "HX-Target": "claim-tab"}


def uk(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@pytest.fixture
def claim(db, landlord_world, today):
    made = f.make_claim(
        landlord_world["account"], reference="HB100", first_name="Aisha", surname="Khan", postcode="AN3 4DE",
        address="Flat 3|12 Mill Lane|Anytown", rent_reference="NHA/00231", suspended=True,
        suspension_reason="Awaiting evidence of rent", weekly_hb_pence=9850, weekly_dhp_pence=1000,
        property_reference="P0004411", next_payment_pence=43400, next_payment_date=today + timedelta(days=4),
        overpayment_pence=12000,
    )
    db.session.commit()
    return made


@pytest.fixture
def foreign_claim(db, landlord_world):
    made = f.make_claim(landlord_world["other_account"], reference="HB900")
    f.make_letter(made)
    db.session.commit()
    return made


def summary(page) -> dict[str, str]:
    return {
        row.select_one("dt").get_text(strip=True): " ".join(row.select_one("dd").get_text(" ").split())
        for row in page.select(".govuk-summary-list__row")
    }


def test_claim_page_shows_the_claim(lead_client, claim, today):
    page = parse_page(lead_client.get("/claims/HB100"))
    rows = summary(page)
    assert page.text("h1") == "Aisha Khan"
    assert rows["Claim reference"] == "HB100" and rows["Rent reference"] == "NHA/00231"
    assert rows["Claim type"] == "Private" and rows["HB status"] == "Active"
    assert rows["Suspended"] == "Suspended Awaiting evidence of rent"
    assert rows["Address"] == "Flat 3 12 Mill Lane Anytown AN3 4DE"
    assert rows["Weekly HB"] == "£98.50" and rows["Weekly DHP"] == "£10.00"
    assert rows["Property reference"] == "P0004411"
    assert rows["Next payment"].startswith(f"£434.00 on {uk(today + timedelta(days=4))}")
    assert "estimate" in rows["Next payment"]
    assert rows["Overpayment outstanding"] == "£120.00"


def test_viewing_a_claim_is_audited_without_the_tenants_name(db, lead_client, claim):
    lead_client.get("/claims/HB100/payments")
    event = db.session.query(AuditEvent).filter_by(action="claim.viewed").one()
    assert event.object_type == "claim" and event.object_ref == "HB100" and event.detail == "payments"
    assert "Khan" not in (event.detail or "")


def test_tabs_are_links_and_the_current_one_says_so(lead_client, claim):
    page = parse_page(lead_client.get("/claims/HB100/payments"))
    tabs = {a.get_text(strip=True): a for a in page.select("#claim-tab .govuk-tabs__tab")}
    assert list(tabs) == ["Entitlements", "Payments", "Letters"]
    assert tabs["Payments"]["href"] == "/claims/HB100/payments" and tabs["Payments"]["aria-current"] == "page"
    assert tabs["Entitlements"]["data-hx-get"] == "/claims/HB100/entitlements"
    assert not tabs["Entitlements"].has_attr("aria-current")


def test_without_view_letters_there_is_no_letters_tab(viewer_client, claim):
    page = parse_page(viewer_client.get("/claims/HB100"))
    assert [a.get_text(strip=True) for a in page.select(".govuk-tabs__tab")] == ["Entitlements", "Payments"]
    assert viewer_client.get("/claims/HB100/letters").status_code == 403


def test_report_a_change_link_only_for_users_who_may(lead_client, viewer_client, claim):
    lead = parse_page(lead_client.get("/claims/HB100"))
    assert lead.select_one("a[href='/claims/HB100/report-change']")
    viewer = parse_page(viewer_client.get("/claims/HB100"))
    assert not viewer.select_one("a[href='/claims/HB100/report-change']")


@pytest.mark.parametrize("tab", ["entitlements", "payments", "letters"])
def test_each_tab_is_a_page_without_js_and_only_its_panel_with_htmx(lead_client, claim, tab):
    page = parse_page(lead_client.get(f"/claims/HB100/{tab}"))
    assert page.select_one("footer") and page.select_one(".govuk-summary-list")
    response = lead_client.get(f"/claims/HB100/{tab}", headers=TAB)
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="claim-tab"') and "govuk-summary-list" not in html and "<footer" not in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("url", [
    "/claims/HB900", "/claims/HB900/entitlements", "/claims/HB900/payments", "/claims/HB900/letters",
    "/claims/HB900/entitlements.csv", "/claims/HB900/payments.csv", "/claims/NOSUCH",
])
def test_another_landlords_claim_is_not_found(lead_client, foreign_claim, url):
    assert lead_client.get(url).status_code == 404
    assert lead_client.get(url, headers=TAB).status_code == 404


# Entitlements

def entitlement_starts(page) -> list[str]:
    return [td.get_text(strip=True) for td in page.select("#claim-tab td[data-label='Start date']")]


@pytest.fixture
def entitlements(db, claim, today):
    f.make_entitlement(claim, start_date=today - timedelta(days=100), amount_pence=9850,
                       calculated_on=today - timedelta(days=110))
    f.make_entitlement(claim, kind="DHP", start_date=today - timedelta(days=300), end_date=today - timedelta(days=101),
                       amount_pence=4000, frequency="Four-weekly")
    f.make_entitlement(claim, start_date=today - timedelta(days=900), end_date=today - timedelta(days=800))
    db.session.commit()


def test_entitlements_tab_shows_entitlements_newest_first_and_never_past_the_horizon(lead_client, entitlements, today):
    page = parse_page(lead_client.get("/claims/HB100"))  # the claim opens on its entitlements
    assert entitlement_starts(page) == [uk(today - timedelta(days=100)), uk(today - timedelta(days=300))]
    row = page.select("#claim-tab tbody tr")[1]
    cells = {td["data-label"]: td.get_text(strip=True) for td in row.select("td")}
    assert cells == {"Type": "DHP", "Start date": uk(today - timedelta(days=300)),
                     "End date": uk(today - timedelta(days=101)), "Amount": "£40.00", "Frequency": "Four-weekly",
                     "Calculated on": uk(today - timedelta(days=210))}


def test_entitlements_sort_by_start_date_either_way(lead_client, entitlements, today):
    page = parse_page(lead_client.get("/claims/HB100/entitlements?dir=asc"))
    assert entitlement_starts(page) == [uk(today - timedelta(days=300)), uk(today - timedelta(days=100))]
    assert page.select_one("#claim-tab th[aria-sort='ascending'] a")["href"].endswith("dir=desc")


def test_entitlements_date_filter(lead_client, entitlements, today):
    query = f"?from={uk(today - timedelta(days=99))}"
    page = parse_page(lead_client.get(f"/claims/HB100/entitlements{query}"))
    assert entitlement_starts(page) == [uk(today - timedelta(days=100))]
    page = parse_page(lead_client.get(f"/claims/HB100/entitlements?to={uk(today - timedelta(days=200))}"))
    assert entitlement_starts(page) == [uk(today - timedelta(days=300))]


def test_a_from_date_before_the_horizon_gives_the_message(lead_client, entitlements):
    page = parse_page(lead_client.get("/claims/HB100/entitlements?from=01/01/2001"))
    assert "Date from must be on or after" in page.text(".govuk-error-summary")
    assert entitlement_starts(page) == []
    fragment = lead_client.get("/claims/HB100/entitlements?from=01/01/2001", headers=TAB).get_data(as_text=True)
    assert "Date from must be on or after" in fragment


# Payments

def test_payments_tab_shows_this_claims_lines_within_the_horizon(db, lead_client, landlord_world, claim, today):
    account = landlord_world["account"]
    other = f.make_claim(account, reference="HB101")
    f.make_payment(account, paid_on=today - timedelta(days=10), lines=[(claim, 39400, 4000, -1140), (other, 5, 0, 0)])
    f.make_payment(account, paid_on=today - timedelta(days=900), lines=[(claim, 11111, 0, 0)])
    db.session.commit()
    page = parse_page(lead_client.get("/claims/HB100/payments"))
    rows = page.select("#claim-tab tbody tr")
    assert len(rows) == 1
    cells = {td["data-label"]: td.get_text(" ", strip=True) for td in rows[0].select("td")}
    assert cells["Date"] == uk(today - timedelta(days=10))
    assert (cells["HB"], cells["DHP"], cells["Amount"]) == ("£394.00", "£40.00", "£422.60")
    assert cells["Adjustments"].startswith("\u2212£11.40")
    assert cells["From"] == uk(today - timedelta(days=38)) and cells["To"] == uk(today - timedelta(days=11))
    assert cells["Rent reference"] == "NHA/00231"
    assert cells["Address"] == "Flat 3, 12 Mill Lane, Anytown, AN3 4DE"  # the whole address, not its first line


def test_payments_to_another_landlord_for_the_same_claim_never_show(db, lead_client, landlord_world, claim, today):
    f.make_payment(landlord_world["other_account"], paid_on=today - timedelta(days=10), lines=[(claim, 777, 0, 0)])
    db.session.commit()
    assert "£7.77" not in lead_client.get("/claims/HB100/payments").get_data(as_text=True)
    assert "7.77" not in lead_client.get("/claims/HB100/payments.csv").get_data(as_text=True)


def test_payments_date_filter(db, lead_client, landlord_world, claim, today):
    account = landlord_world["account"]
    f.make_payment(account, paid_on=today - timedelta(days=10), lines=[(claim, 100, 0, 0)])
    f.make_payment(account, paid_on=today - timedelta(days=40), lines=[(claim, 200, 0, 0)])
    db.session.commit()
    page = parse_page(lead_client.get(f"/claims/HB100/payments?to={uk(today - timedelta(days=20))}"))
    assert [td.get_text(strip=True) for td in page.select("#claim-tab td[data-label='HB']")] == ["£2.00"]


# Exports

def test_entitlements_csv_is_streamed_audited_and_formula_safe(db, lead_client, claim, entitlements, today):
    response = lead_client.get("/claims/HB100/entitlements.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="entitlements-HB100.csv"' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "\ufeffClaim reference,Type,Start date,End date,Amount,Frequency,Calculated on"
    assert lines[1] == f"HB100,HB,{(today - timedelta(days=100)).isoformat()},,98.50,Weekly,{(today - timedelta(days=110)).isoformat()}"
    assert len(lines) == 3  # the one ended before the horizon is not there
    event = db.session.query(AuditEvent).filter_by(action="claim.exported").one()
    assert event.object_ref == "HB100" and event.detail.startswith("entitlements.csv")


def test_payments_csv_has_money_as_decimals_and_escapes_formulas(db, lead_client, landlord_world, today):
    claim = f.make_claim(landlord_world["account"], reference="HB102", address="=HYPERLINK(\"x\")|Anytown")
    f.make_payment(landlord_world["account"], paid_on=today - timedelta(days=5), reference="P77",
                   lines=[(claim, 39400, 0, -1140)])
    db.session.commit()
    text = lead_client.get("/claims/HB102/payments.csv").get_data(as_text=True)
    header, row = text.splitlines()[:2]
    assert header.startswith("\ufeffClaim reference,Payment date,Payment id,HB,DHP,Adjustment,Amount")
    assert f"HB102,{(today - timedelta(days=5)).isoformat()},P77,394.00,0.00,-11.40,382.60," in row
    assert row.endswith('"\'=HYPERLINK(""x""), Anytown"')


def test_claims_csv_uses_the_same_filters_and_is_audited_without_names(db, lead_client, landlord_world):
    f.make_claim(landlord_world["account"], reference="HB1", surname="Smith", weekly_hb_pence=9850)
    f.make_claim(landlord_world["account"], reference="HB2", surname="Jones")
    db.session.commit()
    response = lead_client.get("/claims.csv?surname=smi&type=Private")
    assert response.headers["Cache-Control"] == "no-store"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("\ufeffClaim reference,Landlord reference,Tenant first name,Tenant last name")
    assert len(lines) == 2 and lines[1].startswith("HB1,9998,Alex,Smith,") and ",98.50," in lines[1]
    event = db.session.query(AuditEvent).filter_by(action="claims.exported").one()
    assert "surname" in event.detail and "smi" not in event.detail and "type=Private" in event.detail


def test_an_export_with_a_bad_date_goes_back_to_the_page_that_explains(lead_client, claim):
    response = lead_client.get("/claims/HB100/payments.csv?from=01/01/1999")
    assert response.status_code == 303 and response.headers["Location"].startswith("/claims/HB100/payments?")


def test_a_stray_reference_in_the_query_string_does_no_harm(lead_client, claim, entitlements):
    page = parse_page(lead_client.get("/claims/HB100/entitlements?reference=HB999&dir=asc"))
    assert page.select_one("#sort-start")["href"].startswith("/claims/HB100/entitlements?")
    assert "/claims/HB100/entitlements.csv?" in page.select_one("a[download]")["href"]


def test_the_letters_tab_downloads_this_claims_letters_as_filtered_and_audits_it(db, lead_client, claim, today):
    f.make_letter(claim, letter_type="Suspension of payments", reference="L1", sent_on=today - timedelta(days=3))
    f.make_letter(claim, letter_type="Change in entitlement", reference="L2", sent_on=today - timedelta(days=9))
    f.make_letter(f.make_claim(claim.account, reference="HB101"), reference="L3")
    db.session.commit()
    page = parse_page(lead_client.get("/claims/HB100/letters?type=Suspension+of+payments"))
    download = page.select_one("#claim-tab a[download]")
    assert download.get_text(strip=True) == "Download these letters (CSV)"
    response = lead_client.get(download["href"])
    assert 'filename="letters-HB100.csv"' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "\ufeffLetter id,Letter type,Date sent,Claim reference,Tenant name,Claim address,Read"
    assert lines[1:] == [f"L1,Suspension of payments,{(today - timedelta(days=3)).isoformat()},HB100,Aisha Khan,"
                         f"\"Flat 3, 12 Mill Lane, Anytown\",N"]
    event = db.session.query(AuditEvent).filter_by(action="claim.exported").one()
    assert event.object_ref == "HB100" and event.detail.startswith("letters.csv")


@pytest.mark.parametrize("tab", ["entitlements", "payments", "letters"])
def test_every_tab_with_rows_offers_csv_and_print_and_an_empty_one_neither(db, lead_client, landlord_world, claim, tab):
    empty = parse_page(lead_client.get(f"/claims/HB100/{tab}"))
    assert f"There are no {tab} to show." in empty.text("#claim-tab")
    assert not empty.select("#claim-tab a[download], #claim-tab [data-lp-print]")
    f.make_entitlement(claim)
    f.make_payment(landlord_world["account"], lines=[(claim, 100, 0, 0)])
    f.make_letter(claim)
    db.session.commit()
    page = parse_page(lead_client.get(f"/claims/HB100/{tab}"))
    assert page.select_one("#claim-tab a[download]")["href"].startswith(f"/claims/HB100/{tab}.csv")
    printed = page.select_one("#claim-tab a[data-lp-print]")
    assert printed.get_text(strip=True) == "Print this page" and printed["href"] == f"/claims/HB100/{tab}?print=1"
