"""The payments and reconciliation (tenant lines) CSVs: their columns, and their rows written as CSV text by the database.

The reconciliation export runs to a million lines. Its cells are worked out in SQL (lp/exports.py:
money_text, safe_text, one_line_sql) and the database writes the CSV (exports.csv_text), so Python only
passes text on. A claim's cells (its reference, tenant, one-line address, postcode) are worked out once
per claim, not once per line: a claim has a line in every payment period.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, literal, select, true

from lp.exports import csv_field, csv_text, money_text, one_line_sql, safe_text
from lp.extensions import db
from lp.models import Claim, LandlordAccount, Payment, PaymentLine
from lp.payments.queries import _filtered
from lp.scoping import owned_payment_lines, owned_payments

PAYMENT_HEADER = ["Account", "Payment reference", "Date", "Type", "Amount", "Method", "Sort code",
                  "Bank account", "Status"]
LINE_HEADER = ["Payment date", "Account", "Payment reference", "Line", "Claim reference", "Tenant name",
               "Rent reference", "HB", "DHP", "Adjustment", "Amount", "Period from", "Period to",
               "Address", "Postcode"]


def payment_chunks(landlord_id: int, **filters) -> Iterator[str | bytes]:
    """The organisation's payments (filters: payments.queries._filtered), newest first, as CSV text."""
    stmt = owned_payments(select(
        safe_text(LandlordAccount.reference), safe_text(Payment.reference), Payment.paid_on,
        safe_text(Payment.payment_type), money_text(Payment.amount_pence), safe_text(Payment.method),
        safe_text(Payment.sort_code), literal("****") + Payment.account_last4, safe_text(Payment.status),
    ), landlord_id)
    stmt = _filtered(stmt, landlord_id, **filters).order_by(Payment.paid_on.desc(), Payment.id.desc())
    yield from csv_text(stmt)


def line_chunks(landlord_id: int, *, payment_id: int | None = None, **filters) -> Iterator[str | bytes]:
    """Every tenant line of the chosen payments, with the payment's date, account and reference, as CSV
    text, in payment date order."""
    claim_cells = (
        safe_text(Claim.reference).label("reference"),
        # The name's first character is its first name's, so only that is checked (first names are required).
        (safe_text(Claim.tenant_first_name) + " " + Claim.tenant_last_name).label("name"),
        safe_text(one_line_sql(Claim.address)).label("address"), safe_text(Claim.postcode).label("postcode"))

    def lines(*columns) -> Select:
        stmt = owned_payment_lines(select(*columns).select_from(PaymentLine), landlord_id)
        if payment_id is not None:
            stmt = stmt.where(Payment.id == payment_id)
        return _filtered(stmt, landlord_id, **filters)

    if db.session.connection().dialect.name == "postgresql":
        # A subquery per line that PostgreSQL keeps whole (OFFSET 0) and memoizes per claim; the lines
        # come in payment order from the (payment_id, line_number) index, so only each payment's lines
        # are sorted (an incremental sort), not the million.
        claims = select(*claim_cells).where(Claim.id == PaymentLine.claim_id).offset(0).lateral("claim_cells")
        payment = (Payment.paid_on, safe_text(LandlordAccount.reference), safe_text(Payment.reference))
        joined = lines(*_line_columns(payment, claims)).join(claims, true())
        yield from csv_text(joined.order_by(Payment.paid_on, Payment.id, PaymentLine.line_number))
        return
    # SQLite has no LATERAL: the cells of the payments, then of every claim their lines name, worked out
    # once each, then the lines read payment by payment and joined to them.
    payments = owned_payments(select(
        Payment.id, Payment.paid_on, csv_field(safe_text(LandlordAccount.reference)).label("account"),
        csv_field(safe_text(Payment.reference)).label("reference")), landlord_id)
    if payment_id is not None:
        payments = payments.where(Payment.id == payment_id)
    payments = _filtered(payments, landlord_id, **filters).cte("payment_cells").prefix_with("MATERIALIZED")
    claims = select(Claim.id, *(csv_field(cell).label(cell.name) for cell in claim_cells)).where(Claim.id.in_(
        select(PaymentLine.claim_id).join(payments, PaymentLine.payment_id == payments.c.id))
    ).cte("claim_cells").prefix_with("MATERIALIZED")
    payment = (payments.c.paid_on, payments.c.account, payments.c.reference)
    stmt = select(*_line_columns(payment, claims)).select_from(payments) \
        .join(PaymentLine, PaymentLine.payment_id == payments.c.id).join(claims, claims.c.id == PaymentLine.claim_id)
    yield from csv_text(stmt.order_by(payments.c.paid_on, payments.c.id, PaymentLine.line_number))


def _line_columns(payment: tuple, claims) -> tuple:
    return (*payment, PaymentLine.line_number, claims.c.reference, claims.c.name, safe_text(PaymentLine.rent_reference),
            money_text(PaymentLine.hb_pence), money_text(PaymentLine.dhp_pence),
            money_text(PaymentLine.adjustment_pence), money_text(PaymentLine.amount_pence),
            PaymentLine.period_from, PaymentLine.period_to, claims.c.address, claims.c.postcode)
