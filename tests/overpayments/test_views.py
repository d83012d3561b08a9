"""Overpayments: claims with an overpayment outstanding and the deductions taken from payments."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lp.models import AuditEvent
from tests import factories as f


def test_overpaid_claims_show_the_amount_and_each_deduction(lead_client, landlord_world, payments, fetch, db):
    tenant = payments["tenant"]
    tenant.overpayment_pence = 25000
    f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=31),
                   lines=[(tenant, 10000, 0, -500)])
    f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=800),
                   lines=[(tenant, 10000, 0, -777)])  # past the horizon
    foreign = f.make_claim(landlord_world["other_account"], surname="Outsider", overpayment_pence=9900)
    db.session.commit()
    page = fetch(lead_client, "/overpayments")
    rows = page.select("#overpayment-rows tr")
    assert len(rows) == 1  # the neighbour owes nothing; the other landlord's claim is not ours
    cells = {cell["data-label"]: cell for cell in rows[0].select("td")}
    assert cells["Claim reference"].select_one("a")["href"] == f"/claims/{tenant.reference}"
    assert cells["Outstanding"].get_text(strip=True) == "£250.00"
    deductions = cells["Deductions"]
    assert "2 deductions, \u2212£16.40" in deductions.select_one("summary").get_text(" ", strip=True)
    items = [" ".join(li.get_text(" ").split()) for li in deductions.select("li")]
    assert items[0].startswith((date.today() - timedelta(days=3)).strftime("%d/%m/%Y") + ": \u2212£11.40")
    assert "\u2212£7.77" not in page.text() and foreign.reference not in page.text()


def test_no_overpayments_says_so(lead_client, payments, fetch):
    assert "None of your claims has an overpayment outstanding." in fetch(lead_client, "/overpayments").text()


def test_the_list_needs_view_payments_and_is_audited(no_permissions_client, lead_client, payments, db):
    assert no_permissions_client.get("/overpayments").status_code == 403
    lead_client.get("/overpayments")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "overpayments")).all()
    assert [event.action for event in events] == ["overpayments.viewed"]


def test_htmx_paging_gets_only_the_results_block(lead_client, landlord_world, db):
    for _ in range(26):
        f.make_claim(landlord_world["account"], overpayment_pence=100)
    db.session.commit()
    response = lead_client.get("/overpayments?page=2", headers={"HX-Request": "true", "HX-Target": "overpayment-results"})
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="overpayment-results">') and "<footer" not in html
    assert html.count("<a class=\"govuk-link\" href=\"/claims/") == 1
    assert "HX-Request" in response.headers["Vary"]


def _csv(response) -> list[dict]:
    import csv
    import io

    assert response.headers["Content-Disposition"] == 'attachment; filename="overpayments.csv"'
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_lists_every_overpaid_claim_with_its_deductions_and_is_audited(lead_client, landlord_world,
                                                                               payments, fetch, db):
    tenant = payments["tenant"]
    tenant.overpayment_pence = 25000
    f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=31),
                   lines=[(tenant, 10000, 0, -500)])
    f.make_claim(landlord_world["other_account"], surname="Outsider", overpayment_pence=9900)
    db.session.commit()
    page = fetch(lead_client, "/overpayments")
    link = page.select_one('a[href="/overpayments.csv"]')
    assert link.get_text(strip=True) == "Download every claim with an overpayment (CSV)"
    assert page.select_one("a[data-lp-print]")["href"] == "/overpayments?page=1&print=1"
    rows = _csv(lead_client.get("/overpayments.csv"))
    assert rows == [{"Claim reference": tenant.reference, "Account": "9998", "Tenant name": "Ada Lovelace",
                     "Overpayment outstanding": "250.00", "Deductions": "2", "Amount deducted": "-16.40",
                     "Last deduction": (date.today() - timedelta(days=3)).isoformat()}]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "overpayments.exported")).one()
    assert (event.object_type, event.detail) == ("overpayments", "overpayments.csv")


def test_an_empty_list_offers_no_download_or_print(lead_client, payments, fetch):
    page = fetch(lead_client, "/overpayments")
    assert page.select('a[href="/overpayments.csv"]') == [] and page.select("a[data-lp-print]") == []


def test_the_csv_needs_export_payments(viewer_client, landlord_world, payments, fetch, db):
    payments["tenant"].overpayment_pence = 100
    db.session.commit()
    assert fetch(viewer_client, "/overpayments").select('a[href="/overpayments.csv"]') == []
    assert viewer_client.get("/overpayments.csv").status_code == 403


def test_the_page_reads_its_rows_in_as_many_statements_for_25_claims_as_for_one(lead_client, landlord_world, db,
                                                                                 fetch, statements):
    """The view's audit event is written after the page renders (audit.record_view): committing before it
    expired every claim, line and payment loaded, and the page selected each again (115 statements)."""
    def shown(count: int) -> tuple[int, list[str]]:
        claims = [f.make_claim(landlord_world["account"], overpayment_pence=1000 + i) for i in range(count)]
        for days_ago in (10, 11, 12):
            f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=days_ago),
                           lines=[(claim, 10000, 0, -100) for claim in claims])
        db.session.commit()
        statements.clear()
        rows = fetch(lead_client, "/overpayments").select("#overpayment-rows tr")
        return len(statements), [" ".join(row.select_one("summary").get_text(" ").split()) for row in rows]

    one, summaries = shown(1)
    assert summaries == ["3 deductions, \u2212£3.00"]
    twenty_five, summaries = shown(24)
    assert summaries == ["3 deductions, \u2212£3.00"] * 25
    assert twenty_five == one
