"""Payments as the signed-in organisation may see them: its own accounts only, nothing before the horizon."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager

from lp.claims.queries import matches_text
from lp.exports import Money, streamed
from lp.extensions import db
from lp.formats import one_line
from lp.models import Claim, LandlordAccount, Payment, PaymentLine
from lp.scoping import owned_account_ids, owned_accounts, owned_payment_lines, owned_payments

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


def breakdown_of(payment: Payment, *, after: int = 0, limit: int = BREAKDOWN_PAGE) -> list[tuple[PaymentLine, Claim]]:
    """Up to `limit` + 1 of the payment's tenant lines after line number `after`, in the order
    the council sent them (one more than a page, so the caller knows whether another page follows).
    Keyset paging: the unique (payment_id, line_number) index finds any page as fast as the first."""
    return list(db.session.execute(
        select(PaymentLine, Claim)
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


# CSV exports: Core rows, read in batches so an export of any size runs in constant memory.

PAYMENT_HEADER = ["Account", "Payment reference", "Date", "Type", "Amount", "Method", "Sort code",
                  "Bank account", "Status"]
LINE_HEADER = ["Payment date", "Account", "Payment reference", "Line", "Claim reference", "Tenant name",
               "Rent reference", "HB", "DHP", "Adjustment", "Amount", "Period from", "Period to",
               "Address", "Postcode"]


def _stream(stmt: Select, shape):
    for row in streamed(stmt):
        yield shape(row)


def payment_rows(landlord_id: int, **filters):
    stmt = owned_payments(select(
        LandlordAccount.reference, Payment.reference, Payment.paid_on, Payment.payment_type,
        Payment.amount_pence, Payment.method, Payment.sort_code, Payment.account_last4, Payment.status,
    ), landlord_id)
    stmt = _filtered(stmt, landlord_id, **filters).order_by(Payment.paid_on.desc(), Payment.id.desc())
    return _stream(stmt, lambda r: (r[0], r[1], r[2], r[3], Money(r[4]), r[5], r[6], f"****{r[7]}", r[8]))


def line_rows(landlord_id: int, *, payment_id: int | None = None, **filters):
    """Every tenant line of the chosen payments, with the payment's date, account and reference."""
    stmt = owned_payment_lines(select(
        Payment.paid_on, LandlordAccount.reference, Payment.reference, PaymentLine.line_number,
        Claim.reference, Claim.tenant_first_name, Claim.tenant_last_name, PaymentLine.rent_reference,
        PaymentLine.hb_pence, PaymentLine.dhp_pence, PaymentLine.adjustment_pence, PaymentLine.amount_pence,
        PaymentLine.period_from, PaymentLine.period_to, Claim.address, Claim.postcode,
    ).select_from(PaymentLine), landlord_id)
    stmt = stmt.join(Claim, PaymentLine.claim_id == Claim.id)
    if payment_id is not None:
        stmt = stmt.where(Payment.id == payment_id)
    stmt = _filtered(stmt, landlord_id, **filters).order_by(Payment.paid_on, Payment.id, PaymentLine.line_number)
    return _stream(stmt, lambda r: (
        r[0], r[1], r[2], r[3], r[4], f"{r[5]} {r[6]}", r[7], Money(r[8]), Money(r[9]), Money(r[10]),
        Money(r[11]), r[12], r[13], one_line(r[14]), r[15],
    ))
