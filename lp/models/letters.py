"""Notification letters sent about a claim, their PDFs, and who has read them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow


class LetterFile(db.Model):
    """A letter's PDF, stored once by its SHA-256, in the database so an import is one transaction."""

    __tablename__ = "letter_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class Letter(db.Model):
    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # the letter id
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    # The organisation whose claim it is (its claim's account's landlord; None while the account has
    # none): stored so a landlord's letters are one range of ix_letter_landlord_sent_on, newest
    # first, instead of a probe per claim. Kept by lp/imports/derived.py after every load and every
    # link of an account to an organisation; lp/scoping.py owned_letters is the one reader.
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"))
    letter_type: Mapped[str] = mapped_column(String(60))
    sent_on: Mapped[date] = mapped_column(Date)
    file_sha256: Mapped[str] = mapped_column(ForeignKey("letter_file.sha256"))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    claim: Mapped[Claim] = relationship()  # noqa: F821
    file: Mapped[LetterFile] = relationship()

    __table_args__ = (
        Index("ix_letter_claim_sent_on", "claim_id", "sent_on"),
        Index("ix_letter_import_batch", "import_batch_id"),
    )


# In the letters page's order (newest first, then by reference), so a page of a landlord's unread
# letters is read in order and stops after 25 rows.
Index("ix_letter_landlord_sent_on", Letter.landlord_id, Letter.sent_on.desc(), Letter.reference)


class LetterRead(db.Model):
    __tablename__ = "letter_read"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("letter_id", "user_id"),)
