"""Scoped reads of change reports: always from the signed-in user's landlord."""
from __future__ import annotations

from sqlalchemy import Select, select

from lp.extensions import db
from lp.models import ChangeReport, Claim


def reports_for(landlord_id: int) -> Select:
    """Rows of (ChangeReport, Claim): the organisation's reports, newest first."""
    return (select(ChangeReport, Claim).join(Claim, ChangeReport.claim_id == Claim.id)
            .where(ChangeReport.landlord_id == landlord_id)
            .order_by(ChangeReport.created_at.desc(), ChangeReport.id.desc()))


def report_for(landlord_id: int, reference: str) -> ChangeReport:
    """One of the organisation's reports; anyone else's is not found (404)."""
    return db.first_or_404(select(ChangeReport).where(ChangeReport.landlord_id == landlord_id,
                                                      ChangeReport.reference == reference))
