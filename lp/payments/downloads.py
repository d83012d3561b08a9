"""The payments and reconciliation (tenant lines) CSVs: their columns, and rows the database shapes as CSV text.

The reconciliation export runs to a million lines: the money is written as text and the text made
formula-safe by the query (lp/exports.py: money_text, safe_text), and the rows are read as the DBAPI
cursor gives them (query_chunks), so Python only writes them, with the address on one line.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import literal, select

from lp.exports import cell, money_text, query_chunks, safe_text
from lp.formats import one_line
from lp.models import Claim, LandlordAccount, Payment, PaymentLine
from lp.payments.queries import _filtered
from lp.scoping import owned_payment_lines, owned_payments

PAYMENT_HEADER = ["Account", "Payment reference", "Date", "Type", "Amount", "Method", "Sort code",
                  "Bank account", "Status"]
LINE_HEADER = ["Payment date", "Account", "Payment reference", "Line", "Claim reference", "Tenant name",
               "Rent reference", "HB", "DHP", "Adjustment", "Amount", "Period from", "Period to",
               "Address", "Postcode"]


def payment_chunks(landlord_id: int, **filters) -> Iterator[list[tuple]]:
    """The organisation's payments (filters: payments.queries._filtered), newest first."""
    stmt = owned_payments(select(
        safe_text(LandlordAccount.reference), safe_text(Payment.reference), Payment.paid_on,
        safe_text(Payment.payment_type), money_text(Payment.amount_pence), safe_text(Payment.method),
        safe_text(Payment.sort_code), literal("****") + Payment.account_last4, safe_text(Payment.status),
    ), landlord_id)
    stmt = _filtered(stmt, landlord_id, **filters).order_by(Payment.paid_on.desc(), Payment.id.desc())
    yield from query_chunks(stmt)


def line_chunks(landlord_id: int, *, payment_id: int | None = None, **filters) -> Iterator[list[tuple]]:
    """Every tenant line of the chosen payments, with the payment's date, account and reference."""
    stmt = owned_payment_lines(select(
        Payment.paid_on, safe_text(LandlordAccount.reference), safe_text(Payment.reference),
        PaymentLine.line_number, safe_text(Claim.reference),
        # The name's first character is its first name's, so only that is checked (first names are required).
        safe_text(Claim.tenant_first_name) + " " + Claim.tenant_last_name, safe_text(PaymentLine.rent_reference),
        money_text(PaymentLine.hb_pence), money_text(PaymentLine.dhp_pence),
        money_text(PaymentLine.adjustment_pence), money_text(PaymentLine.amount_pence),
        PaymentLine.period_from, PaymentLine.period_to, Claim.address, safe_text(Claim.postcode),
    ).select_from(PaymentLine), landlord_id)
    stmt = stmt.join(Claim, PaymentLine.claim_id == Claim.id)
    if payment_id is not None:
        stmt = stmt.where(Payment.id == payment_id)
    stmt = _filtered(stmt, landlord_id, **filters).order_by(Payment.paid_on, Payment.id, PaymentLine.line_number)
    addresses = OneLine()
    for rows in query_chunks(stmt):
        yield [(*row[:13], addresses[row[13]], row[14]) for row in rows]


class OneLine(dict):
    """Address -> its one-line, formula-safe cell. A claim's address repeats on each of its lines, a
    payment period apart (every claim of the organisation comes between), so the memory holds up to
    100,000 addresses (~20 MB; an organisation's claims, the council's largest has 20,000)."""

    def __missing__(self, address: str | None) -> str:
        if len(self) >= 100_000:
            self.clear()
        value = self[address] = cell(one_line(address))
        return value
