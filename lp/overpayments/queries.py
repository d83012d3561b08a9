"""Overpaid claims and the deductions recovering them, scoped to the organisation and the horizon."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from lp.extensions import db
from lp.horizon import horizon_date
from lp.models import Claim, LandlordAccount, Payment, PaymentLine

PER_PAGE = 25


def overpaid_claims(landlord_id: int, *, page: int):
    """A page of the organisation's claims with an overpayment outstanding, largest first."""
    stmt = (
        select(Claim)
        .join(LandlordAccount, Claim.account_id == LandlordAccount.id)
        .options(contains_eager(Claim.account))
        .where(LandlordAccount.landlord_id == landlord_id, Claim.overpayment_pence > 0,
               or_(Claim.end_date.is_(None), Claim.end_date >= horizon_date()))
        .order_by(Claim.overpayment_pence.desc(), Claim.reference)
    )
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def deductions_for(landlord_id: int, claim_ids: list[int]) -> dict[int, list[tuple[PaymentLine, Payment]]]:
    """Per claim, the negative adjustments taken from this organisation's payments, newest first."""
    rows = db.session.execute(
        select(PaymentLine, Payment)
        .join(Payment, PaymentLine.payment_id == Payment.id)
        .join(LandlordAccount, Payment.account_id == LandlordAccount.id)
        .where(LandlordAccount.landlord_id == landlord_id, PaymentLine.claim_id.in_(claim_ids),
               PaymentLine.adjustment_pence < 0, Payment.paid_on >= horizon_date())
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )
    by_claim = defaultdict(list)
    for line, payment in rows:
        by_claim[line.claim_id].append((line, payment))
    return by_claim
