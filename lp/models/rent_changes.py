"""Rent changes in bulk: a landlord's checked rent-change file (a submission) and its lines."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

# draft: checked and kept for the preview, not yet sent; the council sees submitted and processed.
RENT_CHANGE_STATUSES = {"draft": "Not sent", "submitted": "Sent to the council", "processed": "Processed"}
# How often the rent is charged, and the weeks in a year of each: a rent is kept as written and as weekly.
RENT_FREQUENCIES = {"weekly": 52, "fortnightly": 26, "four-weekly": 13, "monthly": 12}


class RentChange(db.Model):
    __tablename__ = "rent_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("landlord.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    check_count: Mapped[int] = mapped_column(Integer, default=0)  # lines with a warning to look at
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)  # template lines left blank: no change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    processed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (
        Index("ix_rent_change_landlord_created", "landlord_id", "created_at"),
        Index("ix_rent_change_status_submitted", "status", "submitted_at"),
    )


class RentChangeLine(db.Model):
    """One checked line: the claim it is for (found among the landlord's own), the new rent as
    written and as weekly, and the weekly rent it replaces when lp knows it (an earlier submission)."""

    __tablename__ = "rent_change_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    rent_change_id: Mapped[int] = mapped_column(ForeignKey("rent_change.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    rent_pence: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(12))
    weekly_rent_pence: Mapped[int] = mapped_column(Integer)
    service_charges_pence: Mapped[int] = mapped_column(Integer, default=0)
    weekly_service_charges_pence: Mapped[int] = mapped_column(Integer, default=0)
    effective_date: Mapped[date] = mapped_column(Date)
    previous_weekly_rent_pence: Mapped[int | None] = mapped_column(Integer)
    warning: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_rent_change_line_change_line", "rent_change_id", "line_number"),
        Index("ix_rent_change_line_claim", "claim_id"),
    )
