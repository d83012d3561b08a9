"""The payments CSV exports: the filtered list, one breakdown, and the reconciliation lines."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lp.formats import format_date
from lp.models import AuditEvent


def read_csv(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:])))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_payments_csv_is_the_list_as_filtered(lead_client, payments):
    rows = read_csv(lead_client.get("/payments.csv"))
    assert [row["Payment reference"] for row in rows] == ["PAY-MAIN", "PAY-SECOND"]
    main = rows[0]
    assert main["Amount"] == "158.60"
    assert main["Date"] == (date.today() - timedelta(days=3)).isoformat()
    assert main["Account"] == "9998" and main["Bank account"] == "****2212"
    assert [row["Payment reference"] for row in read_csv(lead_client.get("/payments.csv?account=9999"))] == ["PAY-SECOND"]


def test_a_breakdown_csv_escapes_formulas_and_adds_up_to_the_payment(lead_client, payments):
    rows = read_csv(lead_client.get(f"/payments/{payments['main'].id}.csv"))
    assert [row["Rent reference"] for row in rows][0] == "'=cmd()"
    first = rows[0]
    assert (first["HB"], first["DHP"], first["Adjustment"], first["Amount"]) == ("100.00", "20.00", "-11.40", "108.60")
    assert first["Tenant name"] == "Ada Lovelace" and first["Address"] == "Flat 3, 12 Mill Lane, Anytown"
    assert sum(Decimal(row["Amount"]) for row in rows) == Decimal("158.60")
    assert {row["Payment reference"] for row in rows} == {"PAY-MAIN"}


def test_the_reconciliation_export_has_every_line_of_every_payment_in_the_range(lead_client, payments):
    rows = read_csv(lead_client.get("/payments/lines.csv"))
    assert [(row["Payment reference"], row["Account"], row["Line"]) for row in rows] == [
        ("PAY-SECOND", "9999", "1"), ("PAY-MAIN", "9998", "1"), ("PAY-MAIN", "9998", "2"),
    ]
    assert rows[0]["Payment date"] == (date.today() - timedelta(days=10)).isoformat()
    start = format_date(date.today() - timedelta(days=5))
    rows = read_csv(lead_client.get(f"/payments/lines.csv?from={start}&to={format_date(date.today())}"))
    assert {row["Payment reference"] for row in rows} == {"PAY-MAIN"}


@pytest.mark.parametrize("url", ["/payments.csv", "/payments/lines.csv", "/payments/{id}.csv"])
def test_exports_hold_nothing_of_other_landlords_or_past_the_horizon(lead_client, payments, url):
    rows = read_csv(lead_client.get(url.format(id=payments["main"].id)))
    cells = {cell for row in rows for cell in row.values()}  # whole cells: HB7001 is not account 7001
    assert rows and not {"PAY-FOREIGN", "7001", "PAY-OLD", "99.99"} & cells
    assert not [cell for cell in cells if "Olga" in cell or "Outsider" in cell]


def test_the_viewer_is_not_offered_downloads(viewer_client, payments, fetch):
    page = fetch(viewer_client, "/payments")
    assert not page.select("a[href*='.csv']")
    assert not fetch(viewer_client, f"/payments/{payments['main'].id}").select("a[href*='.csv']")


def test_a_bad_filter_on_an_export_goes_back_to_the_list_with_the_message(lead_client, payments, fetch):
    response = lead_client.get("/payments.csv?from=01/01/2000")
    assert response.status_code == 303 and response.headers["Location"].startswith("/payments?")
    assert "Date from must be on or after" in fetch(lead_client, response.headers["Location"]).text("#from-error")


def test_every_export_is_audited_with_its_range_and_no_tenant_names(lead_client, payments, db):
    start = date.today() - timedelta(days=30)
    lead_client.get(f"/payments.csv?account=9998&from={format_date(start)}").get_data()
    lead_client.get("/payments/lines.csv").get_data()
    lead_client.get(f"/payments/{payments['main'].id}.csv").get_data()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.endswith(".exported")).order_by(AuditEvent.id)).all()
    assert len(events) == 3
    assert events[0].object_type == "payments"
    assert events[0].detail == f"payments from {start.isoformat()} to {date.today().isoformat()}, account 9998"
    assert events[1].detail.startswith("tenant lines from ")
    assert (events[2].object_type, events[2].object_ref) == ("payment", "PAY-MAIN")
    assert all("Lovelace" not in (event.detail or "") for event in events)
