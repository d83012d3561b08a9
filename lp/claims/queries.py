"""Scoped reads of claims, their entitlements and payment lines: always from the landlord, never past the horizon."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select

from lp import per_load
from lp.extensions import db
from lp.horizon import horizon_date
from lp.models import Claim, Entitlement, LandlordAccount, Letter, LetterRead, Payment, PaymentLine, search_key
from lp.scoping import listed_claims, owned_claims, owned_payment_lines

# Sortable columns of the claims list; the reference breaks ties so paging is stable.
CLAIM_SORTS = {
    "reference": (Claim.reference,),
    "surname": (Claim.last_name_key, Claim.first_name_key),
    "rent": (Claim.rent_reference,),
    "type": (Claim.claim_type,),
    "status": (Claim.status,),
    "postcode": (Claim.postcode_key,),
    "hb": (Claim.weekly_hb_pence,),
}


def _starts_with(column, key: str):
    """A prefix match written as LIKE 'key%' with the key's own % and _ escaped, so an index can serve it."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")


def is_suspended():
    """A claim whose payments are held: the extract's suspended flag, or its HB status Suspended.
    The dashboard counts by this, and "Only suspended claims" finds by it, so the two agree."""
    return or_(Claim.suspended.is_(True), Claim.status == "Suspended")


def matches_text(text: str):
    """The one search box: a claim or rent reference (exactly), or the start of a surname, of a
    "first last" or "last, first" name, or of a postcode. Keys as search_key() makes them."""
    conditions = [Claim.reference.in_({text, text.upper()}), Claim.rent_reference == text]
    key = search_key(text.replace(",", ""))
    if key:
        conditions += [_starts_with(Claim.last_name_key, key), _starts_with(Claim.postcode_key, key)]
    if "," in text:  # "Smith, Aisha": the surname first
        last, _, first = text.partition(",")
    else:
        first, _, last = text.strip().partition(" ")
    first, last = search_key(first), search_key(last)
    if first and last:
        conditions.append(and_(_starts_with(Claim.first_name_key, first), _starts_with(Claim.last_name_key, last)))
    return or_(*conditions)


def unread_letter_since(user_id: int, since: date):
    """A claim has a letter sent on or after `since` that this user has not opened."""
    return exists(
        select(Letter.id).where(
            Letter.claim_id == Claim.id,
            Letter.sent_on >= max(since, horizon_date()),
            ~exists(select(LetterRead.id).where(LetterRead.letter_id == Letter.id, LetterRead.user_id == user_id)),
        )
    )


def claims_for(landlord_id: int, *, user_id: int, text=None, reference=None, account_reference=None, rent_reference=None,
               claim_type=None, status=None, first_name=None, surname=None, postcode=None,
               suspended_only=False, unread_since=None, sort="surname", direction="asc") -> Select:
    """The landlord's claims matching a search. Names and postcode are search keys matched by prefix."""
    stmt = listed_claims(landlord_id)
    conditions = [
        matches_text(text) if text else None,
        Claim.reference == reference if reference else None,
        LandlordAccount.reference == account_reference if account_reference else None,
        Claim.rent_reference == rent_reference if rent_reference else None,
        Claim.claim_type == claim_type if claim_type else None,
        Claim.status == status if status else None,
        _starts_with(Claim.first_name_key, first_name) if first_name else None,
        _starts_with(Claim.last_name_key, surname) if surname else None,
        _starts_with(Claim.postcode_key, postcode) if postcode else None,
        is_suspended() if suspended_only else None,
        unread_letter_since(user_id, unread_since) if unread_since else None,
    ]
    stmt = stmt.where(*(condition for condition in conditions if condition is not None))
    columns = CLAIM_SORTS.get(sort, CLAIM_SORTS["surname"])
    ordered = [column.desc() if direction == "desc" else column.asc() for column in columns]
    return stmt.order_by(*ordered, Claim.reference)


def claim_count(landlord_id: int, *, user_id: int, **filters) -> int:
    """How many claims claims_for() finds with these filters. Claims change only when an extract loads
    (or an account is linked), so the number is kept per load (lp/per_load.py): counting the default
    list read every one of a large landlord's 20,000 claims on each view. A search for this user's
    unread letters depends on what they have read, so it is counted each time."""
    filters.pop("sort", None), filters.pop("direction", None)

    def count() -> int:
        stmt = claims_for(landlord_id, user_id=user_id, **filters).order_by(None)
        return db.session.scalar(stmt.with_only_columns(func.count(Claim.id))) or 0

    if filters.get("unread_since"):
        return count()
    return per_load.kept("claims", landlord_id, tuple(sorted(filters.items())), count)


def claim_for(landlord_id: int, reference: str) -> Claim:
    """One of the landlord's claims by its reference; anyone else's is not found (404)."""
    return db.first_or_404(owned_claims(landlord_id).where(Claim.reference == reference))


def entitlements_for(claim: Claim, *, start: date, end: date | None, direction: str = "desc") -> Select:
    """The claim's entitlements in force at some time from `start` (never before the horizon) to `end`."""
    stmt = select(Entitlement).where(
        Entitlement.claim_id == claim.id,
        or_(Entitlement.end_date.is_(None), Entitlement.end_date >= max(start, horizon_date())),
    )
    if end is not None:
        stmt = stmt.where(Entitlement.start_date <= end)
    order = Entitlement.start_date.desc() if direction == "desc" else Entitlement.start_date.asc()
    return stmt.order_by(order, Entitlement.kind)


def payment_lines_for(landlord_id: int, claim: Claim, *, start: date, end: date | None) -> Select:
    """The claim's lines in payments made to the landlord's accounts, newest first, within the dates.

    A claim that moved from another landlord keeps its old lines; they were paid to someone else.
    """
    stmt = owned_payment_lines(select(PaymentLine, Payment.paid_on), landlord_id, since=start).where(
        PaymentLine.claim_id == claim.id)
    if end is not None:
        stmt = stmt.where(Payment.paid_on <= end)
    return stmt.order_by(Payment.paid_on.desc(), Payment.reference, PaymentLine.line_number)
