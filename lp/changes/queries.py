"""Scoped reads of change reports: always from the signed-in user's landlord."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, select

from lp.exports import streamed
from lp.extensions import db
from lp.models import CHANGE_STATUSES, CHANGE_TYPES, ChangeReport, Claim

CSV_HEADER = ["Reference", "Claim reference", "What changed", "When it happened", "Reported (UTC)", "Status",
              "Council’s reply", "Details"]


def reports_for(landlord_id: int) -> Select:
    """Rows of (ChangeReport, Claim): the organisation's reports, newest first."""
    return (select(ChangeReport, Claim).join(Claim, ChangeReport.claim_id == Claim.id)
            .where(ChangeReport.landlord_id == landlord_id)
            .order_by(ChangeReport.created_at.desc(), ChangeReport.id.desc()))


def report_for(landlord_id: int, reference: str) -> ChangeReport:
    """One of the organisation's reports; anyone else's is not found (404)."""
    return db.first_or_404(select(ChangeReport).where(ChangeReport.landlord_id == landlord_id,
                                                      ChangeReport.reference == reference))


def csv_rows(landlord_id: int) -> Iterator[tuple]:
    """Every report of the organisation, newest first, as the list shows it plus the details."""
    for report, claim in streamed(reports_for(landlord_id)):
        yield (report.reference, claim.reference, CHANGE_TYPES.get(report.change_type, report.change_type),
               report.happened_on, report.created_at, CHANGE_STATUSES.get(report.status, report.status),
               report.council_reply, report.details)
