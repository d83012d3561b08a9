"""The council's reads of rent changes: submissions by status, one submission, the schedule's rows."""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, func, select

from lp.exports import Money, streamed
from lp.extensions import db
from lp.models import Claim, Landlord, LandlordAccount, RentChange, RentChangeLine

SCHEDULE_HEADER = ["submission", "landlord_reference", "claim_reference", "rent_reference", "effective_date",
                   "rent", "frequency", "weekly_rent", "service_charges", "weekly_service_charges",
                   "previous_weekly_rent", "to_check", "submitted_at"]


def submissions(status: str) -> Select:
    """Submitted ones oldest first (the queue), processed ones newest first."""
    order = RentChange.submitted_at.desc() if status == "processed" else RentChange.submitted_at
    return (select(RentChange, Landlord.name).join(Landlord, Landlord.id == RentChange.landlord_id)
            .where(RentChange.status == status).order_by(order, RentChange.id))


def waiting():
    """How many submissions, and how many lines, are waiting to be processed."""
    return db.session.execute(select(func.count(), func.coalesce(func.sum(RentChange.line_count), 0))
                              .where(RentChange.status == "submitted")).one()


def schedule_rows():
    stmt = (select(RentChange.reference, LandlordAccount.reference, Claim.reference, Claim.rent_reference,
                   RentChangeLine.effective_date, RentChangeLine.rent_pence, RentChangeLine.frequency,
                   RentChangeLine.weekly_rent_pence, RentChangeLine.service_charges_pence,
                   RentChangeLine.weekly_service_charges_pence, RentChangeLine.previous_weekly_rent_pence,
                   RentChangeLine.warning, RentChange.submitted_at)
            .join(RentChange, RentChange.id == RentChangeLine.rent_change_id)
            .join(Claim, Claim.id == RentChangeLine.claim_id)
            .join(LandlordAccount, LandlordAccount.id == Claim.account_id)
            .where(RentChange.status == "submitted")
            .order_by(RentChange.submitted_at, RentChange.id, RentChangeLine.line_number))
    for (submission, landlord_ref, claim_ref, rent_ref, effective, rent, frequency, weekly, charges,
         weekly_charges, previous, warning, submitted_at) in streamed(stmt):
        yield (submission, landlord_ref, claim_ref, rent_ref, effective, Money(rent), frequency, Money(weekly),
               Money(charges), Money(weekly_charges), None if previous is None else Money(previous),
               warning is not None, submitted_at)


def submission_or_404(rent_change_id: int) -> tuple[RentChange, str]:
    """A submission sent to the council; a landlord's unsent draft is theirs alone (404)."""
    row = db.session.execute(select(RentChange, Landlord.name).join(Landlord, Landlord.id == RentChange.landlord_id)
                             .where(RentChange.id == rent_change_id, RentChange.status != "draft")).first()
    if row is None:
        abort(404)
    return tuple(row)
