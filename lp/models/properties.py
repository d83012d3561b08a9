"""The landlord's properties: one row per property reference of a payee account, kept by the importer
from the claims (so the list is a plain indexed read, not a GROUP BY over claims on every request),
plus what the landlord adds themselves (their own reference and notes)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lp.extensions import db
from lp.formats import address_lines
from lp.models.base import UTCDateTime, utcnow


class Property(db.Model):
    __tablename__ = "property"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("landlord_account.id"))
    reference: Mapped[str] = mapped_column(String(30))  # the council's property reference (claims.csv)
    # From the claims at the property, recomputed by every load (lp/properties/refresh.py):
    address: Mapped[str] = mapped_column(Text)
    address_key: Mapped[str] = mapped_column(Text)  # search_key(address): searched by a part of it
    postcode: Mapped[str] = mapped_column(String(10))
    postcode_key: Mapped[str] = mapped_column(String(10))
    tenants: Mapped[str] = mapped_column(Text, default="")  # "Aisha Brown; Omar Price": claims not ended
    tenant_key: Mapped[str | None] = mapped_column(String(100))  # the first such surname key, to sort by
    status: Mapped[str] = mapped_column(String(10))  # Active, Suspended (every live claim held) or Ended
    weekly_hb_pence: Mapped[int] = mapped_column(Integer, default=0)  # of the claims not ended
    current_claims: Mapped[int] = mapped_column(Integer, default=0)
    # The last claim's end; None while a claim is open. A property whose claims all ended before the
    # horizon is hidden, as its claims are.
    last_end_date: Mapped[date | None] = mapped_column(Date)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The landlord's own:
    own_reference: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("account_id", "reference"),
        Index("ix_property_account_postcode", "account_id", "postcode_key",
              postgresql_ops={"postcode_key": "varchar_pattern_ops"}),
        Index("ix_property_account_tenant", "account_id", "tenant_key"),
        # The default order, read in index order so the first page stops at 25 rows; last_end_date is
        # carried so the count (the horizon's filter) is an index-only scan on PostgreSQL.
        Index("ix_property_account_address", "account_id", "address_key", postgresql_include=["last_end_date"]),
        Index("ix_property_account_hb", "account_id", "weekly_hb_pence"),
    )

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address)
