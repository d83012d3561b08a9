"""Overpaid claims and the deductions recovering them, scoped to the organisation and the horizon."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from lp.exports import Money, streamed
from lp.extensions import db
from lp.models import Claim, LandlordAccount, Payment, PaymentLine
from lp.scoping import owned_claims, owned_payment_lines

PER_PAGE = 25
CSV_HEADER = ["Claim reference", "Account", "Tenant name", "Overpayment outstanding", "Deductions",
              "Amount deducted", "Last deduction"]


def _overpaid(landlord_id: int, *columns) -> Select:
    return (owned_claims(landlord_id).with_only_columns(*columns).where(Claim.overpayment_pence > 0)
            .order_by(Claim.overpayment_pence.desc(), Claim.reference))


def overpaid_claims(landlord_id: int, *, page: int):
    """A page of the organisation's claims with an overpayment outstanding, largest first."""
    stmt = _overpaid(landlord_id, Claim).options(contains_eager(Claim.account))
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def _deductions(landlord_id: int) -> Select:
    """Negative adjustments taken from this organisation's payments since the horizon."""
    return owned_payment_lines(select(PaymentLine), landlord_id).where(PaymentLine.adjustment_pence < 0)


def csv_rows(landlord_id: int) -> Iterator[tuple]:
    """Every overpaid claim (not one page) with the count, sum and last date of its deductions."""
    taken = (_deductions(landlord_id)
             .with_only_columns(PaymentLine.claim_id, func.count().label("n"),
                                func.sum(PaymentLine.adjustment_pence).label("total"),
                                func.max(Payment.paid_on).label("last"))
             .group_by(PaymentLine.claim_id).subquery())
    stmt = _overpaid(landlord_id, Claim.reference, LandlordAccount.reference, Claim.tenant_first_name,
                     Claim.tenant_last_name, Claim.overpayment_pence, taken.c.n, taken.c.total, taken.c.last)
    stmt = stmt.outerjoin(taken, taken.c.claim_id == Claim.id)
    for claim, account, first, last, owed, count, total, last_on in streamed(stmt):
        yield claim, account, f"{first} {last}", Money(owed), count or 0, Money(total or 0), last_on


def deductions_for(landlord_id: int, claim_ids: list[int]) -> dict[int, list[tuple[PaymentLine, Payment]]]:
    """Per claim, the negative adjustments taken from this organisation's payments, newest first."""
    rows = db.session.execute(
        _deductions(landlord_id).add_columns(Payment).where(PaymentLine.claim_id.in_(claim_ids))
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )
    by_claim = defaultdict(list)
    for line, payment in rows:
        by_claim[line.claim_id].append((line, payment))
    return by_claim
