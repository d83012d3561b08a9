"""Machinery records: one-time codes and spent links, the outbox, and import batches."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow


class OneTimeCode(db.Model):
    """A sign-in key or confirmation code: stored hashed, expiring, single use, bound to an attempt."""

    __tablename__ = "one_time_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    purpose: Mapped[str] = mapped_column(String(20))  # sign_in | confirm_mobile | ...
    attempt_id: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(5))  # email | sms
    target: Mapped[str | None] = mapped_column(String(254))  # e.g. the mobile being confirmed
    tries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_one_time_code_user_purpose", "user_id", "purpose", "expires_at"),)


class SpentToken(db.Model):
    """A signed single-use link (activation, reset, e-mail change) that has been used."""

    __tablename__ = "spent_token"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    purpose: Mapped[str] = mapped_column(String(20))
    spent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxMessage(db.Model):
    """An e-mail or SMS, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(5))  # email | sms
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))  # what caused it, e.g. sign_in_key
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    provider_id: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)


class ImportBatch(db.Model):
    """One loaded (or refused) nightly extract."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500))  # folder or zip name
    checksum: Mapped[str] = mapped_column(String(64), index=True)  # over every file's checksum
    files: Mapped[dict] = mapped_column(JSON, default=dict)  # name -> sha256
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # table -> {"inserted", "updated", ...}
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [{file, line, column, reason}]
    status: Mapped[str] = mapped_column(String(12), default="running")  # running|loaded|unchanged|refused|failed
    run_by: Mapped[str] = mapped_column(String(120))
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    new_letters: Mapped[int] = mapped_column(Integer, default=0)
