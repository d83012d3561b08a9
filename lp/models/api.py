"""An organisation's API tokens: what its own systems use to read the remittance API (/api/v1)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

# What a token may read, as the page permissions that give the same data (lp/models/users.py).
API_PERMISSIONS = {
    "view_payments": "Payments, with each tenant's share",
    "view_claims": "Claims and their entitlements",
    "view_letters": "Letters and their PDFs",
}


class ApiToken(db.Model):
    """A bearer token of an organisation. Only the SHA-256 of its secret is kept: it is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("landlord.id"))
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the whole token
    hint: Mapped[str] = mapped_column(String(12))  # its first characters, so people can tell tokens apart
    # Space-separated keys of API_PERMISSIONS, fixed when it is made.
    permissions: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    landlord: Mapped[Landlord] = relationship()  # noqa: F821

    __table_args__ = (Index("ix_api_token_landlord_created", "landlord_id", "created_at"),)

    @property
    def permission_set(self) -> set[str]:
        return set(self.permissions.split())

    def can(self, permission: str) -> bool:
        return permission in self.permission_set

    def is_live(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or utcnow())
