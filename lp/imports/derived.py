"""Values stored beside the loaded data so that pages read them instead of working them out on every view
(issue 14): each claim's and each letter's organisation, and each payment's line count and sums.

They derive from rows that change only when an extract loads, or when the council links an account to
an organisation, so they are refreshed at exactly those two moments, set-based, in the same transaction
as the change: `after_load` at the end of a load, `account_linked` wherever an account gets its
organisation. A page never sees them out of step with what they derive from.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select, update

from lp.models import Claim, ImportBatch, LandlordAccount, Letter, Payment, PaymentLine
from lp.scoping import letter_owner_from

TOTALS = {  # Payment column: the sum over its lines
    "line_count": func.count(),
    "lines_hb_pence": func.sum(PaymentLine.hb_pence),
    "lines_dhp_pence": func.sum(PaymentLine.dhp_pence),
    "lines_adjustment_pence": func.sum(PaymentLine.adjustment_pence),
    "lines_amount_pence": func.sum(PaymentLine.amount_pence),
}


def after_load(connection) -> None:
    """Refresh the derived values of what the running load wrote, in its transaction.

    Only what the load can have changed is looked at, so a nightly load pays for its own rows and not
    for the whole database (a pass over every payment line took 10 s on the council dataset): the
    letters of claims the load wrote (a claim that moved to another account is written) and the
    letters it added; the payments it added, and those whose amount no longer matches their stored
    lines' sum (the extract's check makes a payment's amount its lines' sum, so a corrected or added
    line changes the payment too)."""
    batch_id, started_at = connection.execute(
        select(ImportBatch.id, ImportBatch.started_at).where(ImportBatch.status == "running")
        .order_by(ImportBatch.id.desc()).limit(1)
    ).one()
    claim_written = Claim.updated_at >= started_at
    written = select(Claim.id).where(claim_written)
    refresh_claim_owners(connection, claims=claim_written)
    # Two statements, each served by an index (an OR of the two read every letter).
    refresh_letter_owners(connection, letters=Letter.import_batch_id == batch_id)
    refresh_letter_owners(connection, letters=Letter.claim_id.in_(written))
    refresh_payment_totals(connection, payments=or_(
        Payment.line_count == 0, Payment.lines_amount_pence != Payment.amount_pence))


def account_linked(connection, account_ids: Iterable[int]) -> None:
    """The accounts now belong to an organisation (or to another): their claims and letters follow."""
    ids = list(account_ids)
    if ids:
        refresh_claim_owners(connection, claims=Claim.account_id.in_(ids))
        refresh_letter_owners(connection, letters=Letter.claim_id.in_(select(Claim.id).where(Claim.account_id.in_(ids))))


def refresh_claim_owners(connection, *, claims=None) -> int:
    """Set each claim's landlord_id to its account's organisation where it differs (only the `claims` a
    condition picks, when given). Returns the claims changed."""
    owner = select(LandlordAccount.landlord_id).where(LandlordAccount.id == Claim.account_id).scalar_subquery()
    stmt = update(Claim).values(landlord_id=owner).where(Claim.landlord_id.is_distinct_from(owner))
    if claims is not None:
        stmt = stmt.where(claims)
    return connection.execute(stmt.execution_options(synchronize_session=False)).rowcount


def refresh_letter_owners(connection, *, letters=None) -> int:
    """Set each letter's landlord_id to its claim's account's organisation where it differs (only the
    `letters` a condition picks, when given; all, as the migration that made it did, without). Returns
    the letters changed."""
    owner = letter_owner_from(Claim, LandlordAccount)
    stmt = (
        update(Letter)
        .values(landlord_id=owner)
        .where(Letter.claim_id == Claim.id, Claim.account_id == LandlordAccount.id,
               Letter.landlord_id.is_distinct_from(owner))
    )
    if letters is not None:
        stmt = stmt.where(letters)
    return connection.execute(stmt.execution_options(synchronize_session=False)).rowcount


def refresh_payment_totals(connection, *, payments=None) -> int:
    """Store each payment's line count and sums where they differ from what is stored (only for the
    `payments` a condition picks, when given). Returns the payments changed."""
    lines = select(PaymentLine.payment_id, *(value.label(name) for name, value in TOTALS.items()))
    if payments is not None:
        lines = lines.where(PaymentLine.payment_id.in_(select(Payment.id).where(payments)))
    lines = lines.group_by(PaymentLine.payment_id).subquery()
    stmt = (
        update(Payment)
        .values({name: lines.c[name] for name in TOTALS})
        .where(Payment.id == lines.c.payment_id,
               or_(*(getattr(Payment, name).is_distinct_from(lines.c[name]) for name in TOTALS)))
    )
    return connection.execute(stmt.execution_options(synchronize_session=False)).rowcount
