"""What landlords report and the council says: change reports, daily messages and the audit log."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

CHANGE_TYPES = {
    "tenancy_ended": "I am no longer this tenant’s landlord",
    "property_sold": "I no longer own this property",  # from a property's page
    "moved_out": "Tenant moved out",
    "rent_changed": "Rent changed",
    "household_changed": "Someone moved in or out",
    "died": "Tenant died",
    "hospital_or_prison": "Tenant in hospital or prison",
    "other": "Other",
}
CHANGE_STATUSES = {"received": "Received", "in_progress": "Being looked at", "done": "Done"}


class ChangeReport(db.Model):
    __tablename__ = "change_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("landlord.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    change_type: Mapped[str] = mapped_column(String(30))
    happened_on: Mapped[date] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="received")
    council_reply: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim] = relationship()  # noqa: F821

    @property
    def date_label(self) -> str:
        """What happened_on means: for a landlord's tenancy that ended, the day it ended."""
        if self.change_type == "property_sold":
            return "Ownership ended on"
        return "Tenancy ended on" if self.change_type == "tenancy_ended" else "When it happened"

    __table_args__ = (
        Index("ix_change_report_landlord_created", "landlord_id", "created_at"),
        Index("ix_change_report_status_created", "status", "created_at"),
    )


class Message(db.Model):
    """A council's daily message, shown on every landlord's dashboard between two dates."""

    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # plain text; line breaks kept, no HTML
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    show_on_sign_in: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_message_dates", "starts_on", "ends_on"),)


class AuditEvent(db.Model):
    """Who did what to which object, when and from where. Never holds tenant names or addresses."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"))
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str | None] = mapped_column(String(30))
    object_ref: Mapped[str | None] = mapped_column(String(60))
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[str | None] = mapped_column(Text)
    # Set when an organisation's system did it through the API: the access log names the token.
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))

    user: Mapped[User | None] = relationship()  # noqa: F821
    api_token: Mapped[ApiToken | None] = relationship()  # noqa: F821

    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_landlord_at", "landlord_id", "at"),
        Index("ix_audit_event_user_at", "user_id", "at"),
        Index("ix_audit_event_action_at", "action", "at"),
    )
