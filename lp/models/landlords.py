"""Landlord organisations and the payee accounts (landlord references) they own."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow


class Landlord(db.Model):
    """An organisation: a housing association, letting agent or private landlord."""

    __tablename__ = "landlord"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Whom its managers may invite: addresses at this domain (set by the council; none: the lead
    # user's domain), or anyone when the council allows it (sole traders on public mail services).
    invite_domain: Mapped[str | None] = mapped_column(String(253))
    invite_any_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    accounts: Mapped[list[LandlordAccount]] = relationship(
        back_populates="landlord", order_by="LandlordAccount.reference"
    )
    users: Mapped[list[User]] = relationship(back_populates="landlord")  # noqa: F821


class LandlordAccount(db.Model):
    """A landlord reference from the benefits system: the payee account payments go to.

    Loaded by the nightly extract before anyone registers; landlord_id is set when the council
    approves a registration and links the account to an organisation.
    """

    __tablename__ = "landlord_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    sort_code: Mapped[str] = mapped_column(String(8))  # 20-00-00
    account_last4: Mapped[str] = mapped_column(String(4))
    payment_method: Mapped[str] = mapped_column(String(20))  # BACS, Cheque
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    landlord: Mapped[Landlord | None] = relationship(back_populates="accounts")

    @property
    def masked_account(self) -> str:
        return f"****{self.account_last4}"


Index("ix_landlord_account_postcode", LandlordAccount.postcode)
