"""The payments list and a payment's breakdown: what they show, to whom, and as page or htmx fragment."""
from __future__ import annotations

import gzip
import re
from datetime import date, timedelta

from sqlalchemy import select

from lp.formats import format_date
from lp.models import AuditEvent
from tests import factories as f

HTMX = {"HX-Request": "true"}


def rows(page):
    return [row for row in page.select("#payment-rows tr") if "lp-breakdown-row" not in row.get("class", [])]


def test_latest_payments_show_every_account_newest_first(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments")
    table = page.select_one("table.govuk-table.lp-table--stack")
    assert table is not None
    first, second = rows(page)
    cells = {cell["data-label"]: cell.get_text(" ", strip=True) for cell in first.select("td")}
    assert cells["Account"] == "9998"
    assert cells["Date"] == format_date(date.today() - timedelta(days=3))
    assert cells["Amount"].startswith("£158.60")
    assert cells["Bank account"] == "****2212" and cells["Sort code"] == "20-00-00"
    assert cells["Type"] == "HB" and cells["Method"] == "BACS" and cells["Status"] == "Paid"
    assert second.select_one("td[data-label='Account']").get_text(strip=True) == "9999"


def test_every_cell_has_a_label_for_narrow_screens(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments")
    assert page.select("table td") and all(cell.get("data-label") for cell in page.select("table td"))


def test_only_the_ten_latest_payments_show_without_filters(lead_client, landlord_world, payments, fetch, db):
    claim = payments["tenant"]
    for days in range(20, 32):
        f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=days), lines=[(claim, 100, 0, 0)])
    db.session.commit()
    assert len(rows(fetch(lead_client, "/payments"))) == 10


def test_other_landlords_payments_never_appear(lead_client, payments, fetch):
    html = fetch(lead_client, "/payments?from=&to=&account=").response.get_data(as_text=True)
    assert "£43.21" not in html and not re.search(r"\b7001\b", html)  # account 7001, not HB7001
    html = fetch(lead_client, "/payments").response.get_data(as_text=True)
    assert "£43.21" not in html and not re.search(r"\b7001\b", html)  # account 7001, not HB7001


def test_a_payment_older_than_the_horizon_never_shows(lead_client, payments, fetch):
    earliest = format_date(date.today() - timedelta(days=730))
    page = fetch(lead_client, f"/payments?from={earliest}")
    assert "£99.99" not in page.text()
    assert "£158.60" in page.text()
    assert lead_client.get(f"/payments/{payments['old'].id}").status_code == 404


def test_a_from_date_before_the_horizon_gives_the_message_by_the_field(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments?from=01/01/2000")
    message = page.text("#from-error")
    assert "Date from must be on or after" in message and "years only" in message
    assert page.select_one(".govuk-error-summary a[href='#from']")
    assert page.select_one("input#from")["value"] == "01/01/2000"
    assert "£99.99" not in page.text()


def test_a_to_date_before_the_from_date_is_an_error_by_the_to_field(lead_client, payments, fetch):
    today = date.today()
    page = fetch(lead_client, f"/payments?from={format_date(today)}&to={format_date(today - timedelta(days=5))}")
    assert "Date to must be the same as or after date from" in page.text("#to-error")


def test_filter_by_account_and_dates(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments?account=9999")
    assert [r.select_one("td").get_text(strip=True) for r in rows(page)] == ["9999"]
    start = format_date(date.today() - timedelta(days=5))
    page = fetch(lead_client, f"/payments?from={start}")
    assert [r.select_one("td").get_text(strip=True) for r in rows(page)] == ["9998"]
    assert page.select_one("option[value='9999']") and not page.select_one("option[value='7001']")


def test_another_landlords_account_cannot_be_chosen(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments?account=7001")
    assert "Select one of your accounts" in page.text("#account-error")
    assert "£43.21" not in page.text()


def test_a_filtered_list_pages_25_at_a_time(lead_client, landlord_world, payments, fetch, db):
    for days in range(40, 70):
        f.make_payment(landlord_world["second_account"], paid_on=date.today() - timedelta(days=days),
                       lines=[(payments["tenant"], 100, 0, 0)])
    db.session.commit()
    page = fetch(lead_client, "/payments?account=9999")
    assert len(rows(page)) == 25
    assert "31 payments" in page.text("caption")
    next_link = page.select_one("a[rel=next]")
    assert "page=2" in next_link["href"] and "account=9999" in next_link["href"]
    assert len(rows(fetch(lead_client, next_link["href"]))) == 6


def test_htmx_paging_gets_only_the_results_block(lead_client, payments):
    response = lead_client.get("/payments?account=9998", headers={**HTMX, "HX-Target": "payment-results"})
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="payment-results">') and "<footer" not in html and "<h1" not in html
    assert "£158.60" in html
    assert "HX-Request" in response.headers["Vary"]
    assert "HX-Request" in lead_client.get("/payments").headers["Vary"]


def test_the_amount_opens_the_breakdown_in_place_or_on_its_own_page(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments")
    pid = payments["main"].id
    link = page.select_one(f"a[href='/payments/{pid}']")
    assert link["data-hx-get"] == f"/payments/{pid}" and link["data-hx-target"] == f"#breakdown-{pid}"
    assert page.select_one(f"#breakdown-{pid}") is not None


def test_the_breakdown_shows_each_tenant_line_and_totals_that_add_up(lead_client, payments, fetch):
    page = fetch(lead_client, f"/payments/{payments['main'].id}")
    assert page.text("h1") == "Payment PAY-MAIN"
    body = page.select(".lp-breakdown tbody tr")
    assert len(body) == 2
    cells = {cell["data-label"]: cell for cell in body[0].select("td")}
    claim = payments["tenant"]
    assert cells["Claim reference"].select_one("a")["href"] == f"/claims/{claim.reference}"
    assert cells["Tenant"].get_text(strip=True) == "Ada Lovelace"
    assert cells["Rent reference"].get_text(strip=True) == "=cmd()"
    assert cells["HB"].get_text(strip=True) == "£100.00"
    assert cells["DHP"].get_text(strip=True) == "£20.00"
    assert cells["Adjustment"].get_text(" ", strip=True).startswith("\u2212£11.40")
    assert cells["Amount"].get_text(strip=True) == "£108.60"
    assert cells["Postcode"].get_text(strip=True) == "AN1 2BC"
    address = cells["Address"].select_one("details")
    assert address.select_one("summary") and "12 Mill Lane" in address.get_text(" ")
    paid_on = date.today() - timedelta(days=3)
    assert cells["Period"].get_text(strip=True) == f"{format_date(paid_on - timedelta(days=28))} to {format_date(paid_on - timedelta(days=1))}"
    totals = {cell["data-label"]: cell.get_text(strip=True) for cell in page.select(".lp-breakdown tfoot td")}
    assert totals == {"HB": "£150.00", "DHP": "£20.00", "Adjustment": "\u2212£11.40", "Amount": "£158.60"}
    assert not page.select(".govuk-warning-text")


def test_an_htmx_request_for_a_breakdown_gets_only_the_breakdown(lead_client, payments):
    pid = payments["main"].id
    response = lead_client.get(f"/payments/{pid}", headers={**HTMX, "HX-Target": f"breakdown-{pid}"})
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div class="lp-breakdown">')
    assert "Ada Lovelace" in html and "<h1" not in html and "<footer" not in html
    assert "HX-Request" in response.headers["Vary"]
    assert len(gzip.compress(response.get_data())) <= 4096


def test_a_large_breakdown_shows_25_lines_at_a_time_with_totals_of_them_all(lead_client, landlord_world, fetch, db):
    claims = [f.make_claim(landlord_world["account"], surname=f"Tenant{n:02d}") for n in range(30)]
    payment = f.make_payment(landlord_world["account"], reference="PAY-BIG", lines=[(c, 1000, 0, 0) for c in claims])
    db.session.commit()
    page = fetch(lead_client, f"/payments/{payment.id}")
    assert len(page.select(".lp-breakdown tbody tr")) == 25
    assert "30 tenants" in page.text(".lp-breakdown caption")
    totals = {cell["data-label"]: cell.get_text(strip=True) for cell in page.select(".lp-breakdown tfoot td")}
    assert totals["Amount"] == "£300.00" and not page.select(".govuk-warning-text")
    following = fetch(lead_client, page.select_one(".lp-breakdown a[rel=next]")["href"])
    assert len(following.select(".lp-breakdown tbody tr")) == 5
    assert not following.select(".lp-breakdown a[rel=next]")
    assert "Tenant29" in following.text(".lp-breakdown tbody")


def test_full_pages_stay_small_and_carry_no_inline_script_or_style_but_the_one_allowed(lead_client, payments):
    import base64
    import hashlib

    for url in ("/payments", f"/payments/{payments['main'].id}"):
        response = lead_client.get(url)
        html = response.get_data(as_text=True)
        assert len(gzip.compress(html.encode())) <= 14 * 1024
        # Only the layout's one line that settles the layout before the first paint, allowed by its hash.
        (inline,) = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]
        assert not re.search(r"\s(style|on[a-z]+)=", html)


def test_another_landlords_payment_is_not_found_in_page_fragment_and_csv(lead_client, payments):
    pid = payments["foreign"].id
    assert lead_client.get(f"/payments/{pid}").status_code == 404
    assert lead_client.get(f"/payments/{pid}", headers={**HTMX, "HX-Target": f"breakdown-{pid}"}).status_code == 404
    response = lead_client.get(f"/payments/{pid}.csv")
    assert response.status_code == 404 and "Olga" not in response.get_data(as_text=True)
    assert lead_client.get("/payments/999999").status_code == 404


def test_every_breakdown_view_is_audited_without_tenant_names(lead_client, payments, db):
    pid = payments["main"].id
    lead_client.get(f"/payments/{pid}")
    lead_client.get(f"/payments/{pid}", headers={**HTMX, "HX-Target": f"breakdown-{pid}"})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "payment.viewed")).all()
    assert [(e.object_type, e.object_ref) for e in events] == [("payment", "PAY-MAIN")] * 2
    assert all("Lovelace" not in (e.detail or "") for e in events)


def test_the_printed_list_names_the_council_accounts_and_dates(app, lead_client, payments, fetch):
    start = date.today() - timedelta(days=30)
    page = fetch(lead_client, f"/payments?account=9998&from={format_date(start)}")
    heading = page.text(".lp-print-only")
    assert app.config["LP_COUNCIL_NAME"] in heading and "9998" in heading and "9999" not in heading
    assert f"From {format_date(start)} to {format_date(date.today())}" in heading
    link = next(a for a in page.select("a") if a.get_text(strip=True) == "Print this page")
    assert "print=1" in link["href"] and "account=9998" in link["href"]
    assert page.select_one("form.lp-no-print")
    assert fetch(lead_client, link["href"]).text(".lp-print-only") == heading


def test_an_empty_list_offers_no_download_or_print_and_a_full_one_does(lead_client, landlord_world, fetch):
    empty = fetch(lead_client, "/payments")
    assert "There are no payments to show." in empty.text("main")
    assert not [a for a in empty.select("main a") if "CSV" in a.get_text() or "Print" in a.get_text()]
    f.make_payment(landlord_world["account"], lines=[(f.make_claim(landlord_world["account"]), 9850, 0, 0)])
    full = fetch(lead_client, "/payments")
    links = [a.get_text(" ", strip=True) for a in full.select("main a")]
    assert any(text.startswith("Download every payment since") for text in links) and "Print this page" in links
