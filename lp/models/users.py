"""People who sign in (landlord and council users), their sessions and self-service registrations."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

# A landlord user's permissions; the lead user has them all.
PERMISSIONS = {
    "manage_users": "Manage users",
    "view_payments": "View payments",
    "export_payments": "Export payments",
    "view_claims": "View claims",
    "view_letters": "View letters",
    "report_changes": "Report changes",
    "manage_api": "Manage API access",
    "bulk_update_rents": "Bulk update housing costs",
    "provide_tenancy_details": "Provide tenancy details",
    "manage_properties": "Add or remove properties",
}
COUNCIL_ROLES = {"admin": "Admin", "officer": "Officer", "data": "Data"}


class User(UserMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved on PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # landlord | council
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    job_role: Mapped[str | None] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(20))  # E.164
    mobile_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_reset_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="invited")
    key_method: Mapped[str] = mapped_column(String(5), default="email")  # email | sms | totp
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    council_role: Mapped[str | None] = mapped_column(String(10))
    # Space-separated keys of PERMISSIONS; read on every request, so a change applies at once.
    permissions: Mapped[str] = mapped_column(String(200), default="")
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    alerts_email: Mapped[bool] = mapped_column(Boolean, default=True)
    alerts_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    landlord: Mapped[Landlord | None] = relationship(back_populates="users")  # noqa: F821

    __table_args__ = (
        # A mobile number belongs to one live user; deactivating frees it.
        Index(
            "uq_user_account_live_mobile",
            "mobile",
            unique=True,
            sqlite_where=text("mobile IS NOT NULL AND status != 'deactivated'"),
            postgresql_where=text("mobile IS NOT NULL AND status != 'deactivated'"),
        ),
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_council(self) -> bool:
        return self.kind == "council"

    @property
    def permission_set(self) -> set[str]:
        return set(self.permissions.split())

    def can(self, permission: str) -> bool:
        return permission in self.permission_set

    def set_permissions(self, permissions) -> None:
        unknown = set(permissions) - PERMISSIONS.keys()
        if unknown:
            raise ValueError(f"unknown permissions: {sorted(unknown)}")
        self.permissions = " ".join(p for p in PERMISSIONS if p in set(permissions))


class UserSession(db.Model):
    """A signed-in session, kept on the server so sign-out, password change and deactivation end it."""

    __tablename__ = "user_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip: Mapped[str | None] = mapped_column(String(45))


class Registration(db.Model):
    """A landlord's self-service registration, waiting for a council officer's decision."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    landlord_reference: Mapped[str] = mapped_column(String(20))
    organisation_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    job_role: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    telephone: Mapped[str] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|approved|rejected
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    __table_args__ = (
        # Several may wait for one landlord reference: the council sees them side by side.
        Index("ix_registration_landlord_reference", "landlord_reference"),
        Index("ix_registration_status_created", "status", "created_at"),
    )
