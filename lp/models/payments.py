"""Payments that left the council's bank for a payee account, and each tenant's line in them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db


class Payment(db.Model):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # the payment id
    account_id: Mapped[int] = mapped_column(ForeignKey("landlord_account.id"))
    paid_on: Mapped[date] = mapped_column(Date)  # the date it left the bank
    payment_type: Mapped[str] = mapped_column(String(20))  # HB, DHP, HB and DHP, UCDHP
    amount_pence: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    sort_code: Mapped[str] = mapped_column(String(8))
    account_last4: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(20))  # Paid, Returned, Cancelled
    # The count and sums of its lines, stored by lp/imports/derived.py at the end of each load
    # (a housing association's payment has thousands of lines; its breakdown re-summed them each view).
    line_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lines_hb_pence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lines_dhp_pence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lines_adjustment_pence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lines_amount_pence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    account: Mapped[LandlordAccount] = relationship()  # noqa: F821
    lines: Mapped[list[PaymentLine]] = relationship(
        back_populates="payment", order_by="PaymentLine.line_number"
    )

    __table_args__ = (Index("ix_payment_account_paid_on", "account_id", "paid_on"),)

    @property
    def masked_account(self) -> str:
        return f"****{self.account_last4}"


class PaymentLine(db.Model):
    """One tenant's share of a payment. amount = hb + dhp + adjustment (adjustment may be negative)."""

    __tablename__ = "payment_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    rent_reference: Mapped[str] = mapped_column(String(30))
    hb_pence: Mapped[int] = mapped_column(Integer)
    dhp_pence: Mapped[int] = mapped_column(Integer)
    adjustment_pence: Mapped[int] = mapped_column(Integer)
    amount_pence: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    adjustment_reason: Mapped[str | None] = mapped_column(Text)

    payment: Mapped[Payment] = relationship(back_populates="lines")
    claim: Mapped[Claim] = relationship()  # noqa: F821

    __table_args__ = (
        UniqueConstraint("payment_id", "line_number"),
        Index("ix_payment_line_claim_period", "claim_id", "period_from"),
    )
