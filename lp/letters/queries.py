"""Scoped reads of letters: from the landlord's claims, never sent before the horizon, unread per user."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import Select, and_, func, select

from lp.exports import streamed
from lp.extensions import db
from lp.formats import one_line
from lp.horizon import horizon_date
from lp.models import Claim, ImportBatch, Letter, LetterFile, LetterRead
from lp.scoping import owned_letters


def letters_for(landlord_id: int, user_id: int, *, claim_id: int | None = None, letter_type: str | None = None,
                start: date | None = None, end: date | None = None, unread_only: bool = False) -> Select:
    """Rows of (Letter, Claim, is_read): the landlord's letters, unread by this user first, then newest."""
    read = LetterRead.id.is_not(None).label("is_read")
    stmt = owned_letters(select(Letter, Claim, read), landlord_id).outerjoin(
        LetterRead, and_(LetterRead.letter_id == Letter.id, LetterRead.user_id == user_id)
    )
    conditions = [
        Letter.claim_id == claim_id if claim_id is not None else None,
        Letter.letter_type == letter_type if letter_type else None,
        Letter.sent_on >= start if start else None,
        Letter.sent_on <= end if end else None,
        LetterRead.id.is_(None) if unread_only else None,
    ]
    stmt = stmt.where(*(condition for condition in conditions if condition is not None))
    return stmt.order_by(read, Letter.sent_on.desc(), Letter.reference)


LETTER_HEADER = ["Letter id", "Letter type", "Date sent", "Claim reference", "Tenant name", "Claim address", "Read"]


def letter_rows(letters: Select):
    """The CSV rows of a letters_for() statement, streamed (for /letters.csv and a claim's letters)."""
    stmt = letters.with_only_columns(Letter.reference, Letter.letter_type, Letter.sent_on, Claim.reference,
                                     Claim.tenant_first_name, Claim.tenant_last_name, Claim.address,
                                     letters.selected_columns.is_read)
    for ref, kind, sent, claim, first, last, address, read in streamed(stmt):
        yield ref, kind, sent, claim, f"{first} {last}", one_line(address), bool(read)


def letter_for(landlord_id: int, letter_id: int) -> Letter:
    """One of the landlord's letters; anyone else's, or one older than the horizon, is not found (404)."""
    return db.first_or_404(owned_letters(select(Letter), landlord_id).where(Letter.id == letter_id))


def letter_pdf(letter: Letter) -> bytes:
    return db.session.scalar(select(LetterFile.content).where(LetterFile.sha256 == letter.file_sha256))


def letter_types_for(landlord_id: int) -> list[str]:
    """The types of letter the landlord has, for the filter.

    Finding them reads every letter of the landlord (60 ms for 20,000 tenants), yet they change only
    when an extract is loaded: so they are kept, per process, until the next load or the next day."""
    last_load = db.session.scalar(select(func.max(ImportBatch.id)).where(ImportBatch.status == "loaded"))
    kept = current_app.extensions.setdefault("lp_letter_types", {})
    key = (landlord_id, last_load, horizon_date())
    if key not in kept:
        if len(kept) > 10_000:
            kept.clear()
        stmt = owned_letters(select(Letter.letter_type).distinct(), landlord_id).order_by(Letter.letter_type)
        kept[key] = list(db.session.scalars(stmt))
    return kept[key]
