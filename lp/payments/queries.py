"""Payments as the signed-in organisation may see them: its own accounts only, nothing before the horizon."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Bundle, contains_eager

from lp.claims.queries import matches_text
from lp.extensions import db
from lp.models import Claim, LandlordAccount, Payment, PaymentLine
from lp.scoping import owned_account_ids, owned_accounts, owned_payments

LATEST = 10
PER_PAGE = 25


def accounts_for(landlord_id: int) -> list[LandlordAccount]:
    return list(db.session.scalars(owned_accounts(landlord_id).order_by(LandlordAccount.reference)))


def _tenant_or_reference(landlord_id: int, text: str):
    """A payment with this reference, or one with a line for a tenant the text finds (by name, claim
    or rent reference: the claim search's one box). The tenants are looked for among the
    organisation's claims first, so the indexes on (account, surname) serve it, then their lines."""
    claims = select(Claim.id).where(Claim.account_id.in_(owned_account_ids(landlord_id)), matches_text(text))
    lines = select(PaymentLine.payment_id).where(PaymentLine.claim_id.in_(claims))
    return or_(Payment.reference.in_({text, text.upper()}), Payment.id.in_(lines))


def _filtered(stmt: Select, landlord_id: int, *, account_id: int | None = None, start: date | None = None,
              end: date | None = None, text: str | None = None) -> Select:
    if text:
        stmt = stmt.where(_tenant_or_reference(landlord_id, text))
    if account_id is not None:
        stmt = stmt.where(Payment.account_id == account_id)
    if start is not None:
        stmt = stmt.where(Payment.paid_on >= start)
    if end is not None:
        stmt = stmt.where(Payment.paid_on <= end)
    return stmt


def payments_for(landlord_id: int, **filters) -> Select:
    """The organisation's payments, newest first, as a statement to page or limit (filters: _filtered)."""
    stmt = owned_payments(select(Payment), landlord_id).options(contains_eager(Payment.account))
    stmt = _filtered(stmt, landlord_id, **filters)
    return stmt.order_by(Payment.paid_on.desc(), Payment.id.desc())


def latest_payments(landlord_id: int) -> list[Payment]:
    return list(db.session.scalars(payments_for(landlord_id).limit(LATEST)))


def page_of_payments(landlord_id: int, *, page: int, **filters):
    return db.paginate(payments_for(landlord_id, **filters), page=page, per_page=PER_PAGE, error_out=False)


def payment_for(landlord_id: int, payment_id: int) -> Payment:
    """One of the organisation's payments; anyone else's, or one past the horizon, is a 404."""
    return db.first_or_404(owned_payments(select(Payment), landlord_id).where(Payment.id == payment_id))


BREAKDOWN_PAGE = 25  # a housing association's payment has thousands of lines: shown 25 at a time


# What a breakdown line shows, as plain columns: a payment's lines are read a thousand at a time by the API,
# and making a PaymentLine and a Claim object for each was most of that answer's cost. The tenant's name is
# put together by the database as Claim.tenant_name puts it together.
_LINE = Bundle("line", PaymentLine.line_number, PaymentLine.rent_reference, PaymentLine.period_from,
               PaymentLine.period_to, PaymentLine.hb_pence, PaymentLine.dhp_pence, PaymentLine.adjustment_pence,
               PaymentLine.adjustment_reason, PaymentLine.amount_pence)
_CLAIM = Bundle("claim", Claim.reference, (Claim.tenant_first_name + " " + Claim.tenant_last_name).label("tenant_name"),
                Claim.address, Claim.postcode)


def breakdown_of(payment: Payment, *, after: int = 0, limit: int = BREAKDOWN_PAGE) -> list[tuple]:
    """Up to `limit` + 1 of the payment's tenant lines after line number `after`, in the order
    the council sent them (one more than a page, so the caller knows whether another page follows),
    each a (line, claim) pair of the columns a breakdown shows (_LINE, _CLAIM).
    Keyset paging: the unique (payment_id, line_number) index finds any page as fast as the first."""
    return list(db.session.execute(
        select(_LINE, _CLAIM)
        .join(Claim, PaymentLine.claim_id == Claim.id)
        .where(PaymentLine.payment_id == payment.id, PaymentLine.line_number > after)
        .order_by(PaymentLine.line_number)
        .limit(limit + 1)
    ))


def totals(payment: Payment) -> dict[str, int]:
    """The number of lines and their sums, over every line of the payment (not only the page shown):
    stored in the payment by the load that wrote its lines (lp/imports/derived.py), not re-summed."""
    return {"lines": payment.line_count, "hb": payment.lines_hb_pence, "dhp": payment.lines_dhp_pence,
            "adjustment": payment.lines_adjustment_pence, "amount": payment.lines_amount_pence}
