"""Housing Benefit claims, from the nightly extract, and their entitlements."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

CLAIM_STATUSES = ("Active", "Suspended", "Ended")


def search_key(value: str | None) -> str:
    """The form a name or postcode is searched by: lower case, no spaces."""
    return "".join((value or "").split()).lower()


class Claim(db.Model):
    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("landlord_account.id"))
    # The account's organisation, stored (lp/imports/derived.py) so that a landlord's claims list reads
    # an index in its default order and stops at a page, instead of sorting all 20,000 of its claims.
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"))
    tenant_first_name: Mapped[str] = mapped_column(String(100))
    tenant_last_name: Mapped[str] = mapped_column(String(100))
    # Lower-cased, space-free copies so searches are case- and spacing-insensitive and indexable.
    first_name_key: Mapped[str] = mapped_column(String(100))
    last_name_key: Mapped[str] = mapped_column(String(100))
    postcode_key: Mapped[str] = mapped_column(String(10))
    rent_reference: Mapped[str] = mapped_column(String(30))
    claim_type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    suspension_reason: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    property_reference: Mapped[str] = mapped_column(String(30))
    weekly_hb_pence: Mapped[int] = mapped_column(Integer, default=0)
    weekly_dhp_pence: Mapped[int] = mapped_column(Integer, default=0)
    next_payment_pence: Mapped[int | None] = mapped_column(Integer)
    next_payment_date: Mapped[date | None] = mapped_column(Date)
    overpayment_pence: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    account: Mapped[LandlordAccount] = relationship()  # noqa: F821

    # Searches match the start of a key (LIKE 'brow%'). PostgreSQL serves that from a b-tree only
    # in the "C" collation or with a pattern operator class; without one it read every claim of
    # the account (33 ms for demo-lead's surname search). SQLite needs case_sensitive_like instead
    # (lp/database.py).
    __table_args__ = (
        Index("ix_claim_account_status_surname", "account_id", "status", "last_name_key",
              postgresql_ops={"last_name_key": "varchar_pattern_ops"}),
        Index("ix_claim_account_surname", "account_id", "last_name_key",
              postgresql_ops={"last_name_key": "varchar_pattern_ops"}),
        Index("ix_claim_account_postcode", "account_id", "postcode_key",
              postgresql_ops={"postcode_key": "varchar_pattern_ops"}),
        Index("ix_claim_account_rent_reference", "account_id", "rent_reference"),
        Index("ix_claim_account_suspended", "account_id", "suspended"),
        Index("ix_claim_account_property", "account_id", "property_reference"),  # a property's claims
        # The claims list in its default order (lp/claims/queries.py CLAIM_SORTS["surname"]).
        Index("ix_claim_landlord_surname", "landlord_id", "last_name_key", "first_name_key", "reference"),
    )

    @property
    def tenant_name(self) -> str:
        return f"{self.tenant_first_name} {self.tenant_last_name}"


class Entitlement(db.Model):
    """What a claim is entitled to (HB or DHP) from a start date, as calculated on a date."""

    __tablename__ = "entitlement"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    kind: Mapped[str] = mapped_column(String(5))  # HB | DHP
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    amount_pence: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(12))  # Weekly | Four-weekly
    calculated_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("claim_id", "kind", "start_date"),)
