"""Where every landlord read starts: the organisation's own accounts, claims, payments and letters,
none of them past the horizon. A query that starts here cannot see anyone else's data; an id or a
reference that belongs to another landlord is simply not found (a 404, as if it did not exist).

The statements keep one shape (the owner test on landlord_account, joined from the table read),
because the indexes were chosen for it (docs/performance.md); letters carry their owner themselves
(letter_owner_from).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased

from lp.extensions import db
from lp.horizon import horizon_date
from lp.models import Claim, LandlordAccount, Letter, Payment, PaymentLine, Property


def claim_within_horizon():
    """A claim still open, or ended on or after the horizon."""
    return or_(Claim.end_date.is_(None), Claim.end_date >= horizon_date())


def owned_accounts(landlord_id: int, *columns) -> Select:
    """The landlord's payee accounts (or the `columns` of them)."""
    return select(*(columns or (LandlordAccount,))).where(LandlordAccount.landlord_id == landlord_id)


def account_references_for(landlord_id: int) -> list[str]:
    """The landlord's account references, for a printed list's heading."""
    return list(db.session.scalars(
        owned_accounts(landlord_id, LandlordAccount.reference).order_by(LandlordAccount.reference)))


def owned_account_ids(landlord_id: int) -> Select:
    """The ids of the landlord's accounts, as a subquery for IN: on an alias, so it stays whole
    inside a statement that joins landlord_account itself."""
    owned = aliased(LandlordAccount)
    return select(owned.id).where(owned.landlord_id == landlord_id)


def owned_claims(landlord_id: int) -> Select:
    """Claims paid to one of the landlord's accounts and not ended before the horizon."""
    return (
        select(Claim)
        .join(LandlordAccount, Claim.account_id == LandlordAccount.id)
        .where(LandlordAccount.landlord_id == landlord_id)
        .where(claim_within_horizon())
    )


def listed_claims(landlord_id: int) -> Select:
    """The same claims as owned_claims, found by their stored owner, for the claims list and its search.

    claim.landlord_id is the claim's account's organisation, kept by lp/imports/derived.py as letters'
    owners are. By it the list reads ix_claim_landlord_surname in its default order and stops at a
    page, instead of sorting all 20,000 of a large landlord's claims. Asking the account's owner too
    made PostgreSQL start from the accounts (it expects a few claims each) and sort them all again;
    and reads that walk every claim (requests, overpayments) are quicker through the accounts, whose
    claims lie together in the table, than in name order: they keep owned_claims."""
    return (
        select(Claim)
        .join(LandlordAccount, Claim.account_id == LandlordAccount.id)
        .where(Claim.landlord_id == landlord_id)
        .where(claim_within_horizon())
    )


def owned_properties(landlord_id: int) -> Select:
    """Properties of the landlord's accounts with a claim open or ended since the horizon."""
    return (
        select(Property)
        .join(LandlordAccount, Property.account_id == LandlordAccount.id)
        .where(LandlordAccount.landlord_id == landlord_id)
        .where(or_(Property.last_end_date.is_(None), Property.last_end_date >= horizon_date()))
    )


def owned_payments(stmt: Select, landlord_id: int, *, since: date | None = None) -> Select:
    """`stmt` (over Payment) joined to its account, kept to the landlord's payments made on or after
    the horizon (or `since`, when later)."""
    earliest = max(since, horizon_date()) if since else horizon_date()
    return stmt.join(LandlordAccount, Payment.account_id == LandlordAccount.id).where(
        LandlordAccount.landlord_id == landlord_id, Payment.paid_on >= earliest
    )


def owned_payment_lines(stmt: Select, landlord_id: int, *, since: date | None = None) -> Select:
    """`stmt` (over PaymentLine) joined to its payment, kept as owned_payments keeps payments: a line
    of a claim that moved from another landlord was paid to someone else and is not theirs."""
    return owned_payments(stmt.join(Payment, PaymentLine.payment_id == Payment.id), landlord_id, since=since)


def letter_owner_from(claim=Claim, account=LandlordAccount):
    """Whose a letter is: the organisation of its claim's account, as for the claim itself. Stored in
    letter.landlord_id (by lp/imports/derived.py, with the claim and account joined) so that
    owned_letters reads one index range instead of joining every claim."""
    return account.landlord_id


def owned_letters(stmt: Select, landlord_id: int) -> Select:
    """`stmt` (over Letter) kept to the landlord's letters sent on or after the horizon. No join:
    ix_letter_landlord_sent_on holds them newest first."""
    return stmt.where(Letter.landlord_id == landlord_id, Letter.sent_on >= horizon_date())
