"""Values stored beside the loaded data so that pages read them instead of working them out on every view
(issue 14): each letter's organisation, and each payment's line count and sums.

They derive from rows that change only when an extract loads, or when the council links an account to
an organisation, so they are refreshed at exactly those two moments, set-based, in the same transaction
as the change: `after_load` at the end of a load, `account_linked` wherever an account gets its
organisation. A page never sees them out of step with what they derive from.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select, update

from lp.models import Claim, LandlordAccount, Letter, Payment, PaymentLine
from lp.scoping import letter_owner_from

TOTALS = {  # Payment column: the sum over its lines
    "line_count": func.count(),
    "lines_hb_pence": func.sum(PaymentLine.hb_pence),
    "lines_dhp_pence": func.sum(PaymentLine.dhp_pence),
    "lines_adjustment_pence": func.sum(PaymentLine.adjustment_pence),
    "lines_amount_pence": func.sum(PaymentLine.amount_pence),
}


def after_load(connection) -> None:
    """Refresh every derived value after a load, in its transaction.

    Whole-table statements, each one pass that writes only the rows whose value changed: a load may
    move a claim to another account, point a letter at another claim or correct a payment's lines,
    and a pass over everything is both simpler and, measured on the council dataset, cheap beside
    the load itself (docs/performance.md)."""
    refresh_letter_owners(connection)
    refresh_payment_totals(connection)


def account_linked(connection, account_ids: Iterable[int]) -> None:
    """The accounts now belong to an organisation (or to another): their claims' letters follow."""
    ids = list(account_ids)
    if ids:
        refresh_letter_owners(connection, claims=select(Claim.id).where(Claim.account_id.in_(ids)))


def refresh_letter_owners(connection, *, claims=None) -> int:
    """Set each letter's landlord_id to its claim's account's organisation where it differs (only the
    letters of `claims`, a select of claim ids, when given). Returns the letters changed."""
    owner = letter_owner_from(Claim, LandlordAccount)
    stmt = (
        update(Letter)
        .values(landlord_id=owner)
        .where(Letter.claim_id == Claim.id, Claim.account_id == LandlordAccount.id,
               Letter.landlord_id.is_distinct_from(owner))
    )
    if claims is not None:
        stmt = stmt.where(Letter.claim_id.in_(claims))
    return connection.execute(stmt.execution_options(synchronize_session=False)).rowcount


def refresh_payment_totals(connection) -> int:
    """Store each payment's line count and sums where they differ from what is stored. Returns the
    payments changed."""
    lines = (
        select(PaymentLine.payment_id, *(value.label(name) for name, value in TOTALS.items()))
        .group_by(PaymentLine.payment_id)
        .subquery()
    )
    stmt = (
        update(Payment)
        .values({name: lines.c[name] for name in TOTALS})
        .where(Payment.id == lines.c.payment_id,
               or_(*(getattr(Payment, name).is_distinct_from(lines.c[name]) for name in TOTALS)))
    )
    return connection.execute(stmt.execution_options(synchronize_session=False)).rowcount
