"""The organisation's reported changes as CSV and on paper; nothing to download while there are none."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from lp.models import AuditEvent
from tests import factories as f
from tests.changes.test_changes import claim, report_data  # noqa: F401  (claim is a fixture)
from tests.conftest import parse_page


def test_the_csv_has_every_report_of_the_organisation_and_is_audited(db, lead_client, other_client, landlord_world,
                                                                     claim):  # noqa: F811
    lead_client.post("/claims/HB5001/report-change", data=report_data())
    lead_client.post("/claims/HB5001/report-change", data=report_data(change_type="rent_changed",
                                                                      details="Rent is now £120 a week."))
    f.make_claim(landlord_world["other_account"], reference="HB7777")
    db.session.commit()
    other_client.post("/claims/HB7777/report-change", data=report_data())
    page = parse_page(lead_client.get("/changes"))
    assert page.select_one('a[href="/changes.csv"]').get_text(strip=True) == "Download every reported change (CSV)"
    assert page.select_one("a[data-lp-print]")["href"] == "/changes?print=1"
    response = lead_client.get("/changes.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="changes.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["Claim reference"], r["What changed"], r["Status"], r["Details"]) for r in rows] == [
        ("HB5001", "Rent changed", "Received", "Rent is now £120 a week."),
        ("HB5001", "Tenant moved out", "Received", "Handed the keys back on Monday."),
    ]
    assert all(r["Reference"].startswith("CR-") and r["Council’s reply"] == "" for r in rows)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "change_reports.exported")).one()
    assert (event.object_type, event.user_id) == ("change_reports", landlord_world["lead"].id)


def test_no_reports_no_download(lead_client, landlord_world):
    page = parse_page(lead_client.get("/changes"))
    assert "has not reported any changes yet" in page.text()
    assert page.select('a[href="/changes.csv"]') == [] and page.select("a[data-lp-print]") == []
