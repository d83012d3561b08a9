"""What the council's change-report inbox reads: reports by status and age, oldest first."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, select

from lp.extensions import db
from lp.models import ChangeReport, Claim, Landlord, LandlordAccount
from lp.models.base import utcnow

OPEN = ("received", "in_progress")


def inbox(*, status: str | None, older_than_days: int | None) -> Select:
    """Rows of (ChangeReport, Claim, Landlord); no status means every open report."""
    stmt = (select(ChangeReport, Claim, Landlord)
            .join(Claim, ChangeReport.claim_id == Claim.id)
            .join(Landlord, ChangeReport.landlord_id == Landlord.id)
            .where(ChangeReport.status == status if status else ChangeReport.status.in_(OPEN)))
    if older_than_days:
        stmt = stmt.where(ChangeReport.created_at <= utcnow() - timedelta(days=older_than_days))
    return stmt.order_by(ChangeReport.created_at, ChangeReport.id)


def report_or_404(report_id: int) -> tuple[ChangeReport, Claim, LandlordAccount, Landlord]:
    row = db.session.execute(
        select(ChangeReport, Claim, LandlordAccount, Landlord)
        .join(Claim, ChangeReport.claim_id == Claim.id)
        .join(LandlordAccount, Claim.account_id == LandlordAccount.id)
        .join(Landlord, ChangeReport.landlord_id == Landlord.id)
        .where(ChangeReport.id == report_id)
    ).first()
    if row is None:
        from flask import abort

        abort(404)
    return tuple(row)
