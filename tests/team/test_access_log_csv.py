"""The access log as CSV and on paper: the same events as the page, filters kept, the download audited."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from lp import audit
from lp.models import AuditEvent
from tests.conftest import parse_page


def _rows(response) -> list[dict]:
    assert response.headers["Content-Disposition"] == 'attachment; filename="access-log.csv"'
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_access_log_csv_has_the_filtered_events_and_is_audited(db, lead_client, landlord_world):
    lead, viewer, other = landlord_world["lead"], landlord_world["viewer"], landlord_world["other"]
    with lead_client.application.test_request_context():
        audit.record("claim.viewed", object_type="claim", object_ref="HB-MINE", user=viewer)
        audit.record("letter.opened", object_type="letter", object_ref="L-MINE", user=lead)
        audit.record("claim.viewed", object_type="claim", object_ref="HB-THEIRS", user=other)
    db.session.commit()
    page = parse_page(lead_client.get(f"/team/activity?person={viewer.id}"))
    link = page.select_one('a[download]')
    assert link.get_text(strip=True) == "Download these events (CSV)"
    assert link["href"] == f"/team/activity.csv?person={viewer.id}"
    assert page.select_one("a[data-lp-print]")["href"] == f"/team/activity?person={viewer.id}&print=1"
    rows = _rows(lead_client.get(link["href"]))
    assert [(r["Who"], r["What"], r["Of"]) for r in rows] == [
        (viewer.full_name, "Viewed a claim or payment", "claim HB-MINE")]
    everything = _rows(lead_client.get("/team/activity.csv"))
    assert [r["Of"] for r in everything] == ["access log", "access log", "letter L-MINE", "claim HB-MINE"]
    assert "HB-THEIRS" not in str(everything)
    exports = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "access_log")).all()
    assert [(e.action, e.user_id) for e in exports] == [("access_log.exported", lead.id)] * 2


def test_an_empty_access_log_offers_no_download(db, lead_client, landlord_world):
    page = parse_page(lead_client.get("/team/activity?action=open_letter"))
    assert "Nothing matches." in page.text() and page.select("a[download]") == []
