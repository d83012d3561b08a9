"""Scoped reads of letters: from the landlord's claims, never sent before the horizon, unread per user."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, select

from lp import per_load
from lp.exports import streamed
from lp.extensions import db
from lp.formats import one_line
from lp.models import Claim, Letter, LetterFile, LetterRead
from lp.scoping import owned_letters


def letters_for(landlord_id: int, user_id: int, *, claim_id: int | None = None, letter_type: str | None = None,
                start: date | None = None, end: date | None = None, unread_only: bool = False) -> Select:
    """Rows of (Letter, Claim, is_read): the landlord's letters, unread by this user first, then newest."""
    read = LetterRead.id.is_not(None).label("is_read")
    stmt = owned_letters(select(Letter, Claim, read), landlord_id).join(Claim, Letter.claim_id == Claim.id).outerjoin(
        LetterRead, and_(LetterRead.letter_id == Letter.id, LetterRead.user_id == user_id)
    )
    stmt = _filtered(stmt, claim_id=claim_id, letter_type=letter_type, start=start, end=end)
    if unread_only:  # every row unread: in the index's order, so a page stops after 25 rows
        return stmt.where(LetterRead.id.is_(None)).order_by(Letter.sent_on.desc(), Letter.reference)
    return stmt.order_by(read, Letter.sent_on.desc(), Letter.reference)


def _filtered(stmt: Select, *, claim_id=None, letter_type=None, start=None, end=None) -> Select:
    conditions = [
        Letter.claim_id == claim_id if claim_id is not None else None,
        Letter.letter_type == letter_type if letter_type else None,
        Letter.sent_on >= start if start else None,
        Letter.sent_on <= end if end else None,
    ]
    return stmt.where(*(condition for condition in conditions if condition is not None))


def letter_count(landlord_id: int, user_id: int, *, unread_only: bool = False, **filters) -> int:
    """How many letters letters_for() finds with these filters, without counting them one by one.

    The landlord's letters change only when an extract loads (or an account is linked), so their
    number is kept per load (lp/per_load.py); this user's reads among them are few and counted live,
    so opening a letter shows at once."""
    total = per_load.kept("letters", landlord_id, tuple(sorted(filters.items())), lambda: db.session.scalar(
        _filtered(owned_letters(select(func.count(Letter.id)), landlord_id), **filters)) or 0)
    if not unread_only:
        return total
    return total - (db.session.scalar(reads_among(landlord_id, user_id, **filters)) or 0)


def reads_among(landlord_id: int, user_id: int, **filters) -> Select:
    """How many of the landlord's letters (with these filters) this user has opened: from the user's
    reads, each letter checked by its key. (A join let SQLite start from the landlord's 55,000 letters,
    which it cannot tell from statistics are many more than one user's reads.)"""
    owned = _filtered(owned_letters(select(Letter.id), landlord_id), **filters).where(Letter.id == LetterRead.letter_id)
    return select(func.count(LetterRead.id)).where(LetterRead.user_id == user_id, owned.exists())


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
    when an extract is loaded: so they are kept per load (lp/per_load.py)."""
    stmt = owned_letters(select(Letter.letter_type).distinct(), landlord_id).order_by(Letter.letter_type)
    return per_load.kept("letter types", landlord_id, (), lambda: list(db.session.scalars(stmt)))
