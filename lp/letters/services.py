"""Opening a letter: this user has read it (once), and the opening is audited."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from lp import audit
from lp.audit_actions import LETTER_OPENED
from lp.extensions import db
from lp.models import Letter, LetterRead
from lp.models.base import utcnow


def record_opened(letter: Letter, user) -> None:
    """Mark read for this user and audit the opening, in one commit.

    An insert that ignores a duplicate, so two quick clicks (or two tabs) never fail on the unique key.
    """
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(LetterRead)
        .values(letter_id=letter.id, user_id=user.id, read_at=utcnow())
        .on_conflict_do_nothing(index_elements=["letter_id", "user_id"])
    )
    audit.record(LETTER_OPENED, object_type="letter", object_ref=letter.reference,
                 detail=f"claim {letter.claim.reference}")
    db.session.commit()
