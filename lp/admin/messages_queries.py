"""The council's daily messages: today's, for the sign-in page (a template global), and the list to manage."""
from __future__ import annotations

from sqlalchemy import select

from lp.extensions import db
from lp.horizon import today
from lp.models import Message


def current_messages(on_sign_in: bool = False) -> list[Message]:
    """Today's messages, newest first; with on_sign_in, only those the sign-in page shows too."""
    day = today()
    stmt = select(Message).where(Message.starts_on <= day, Message.ends_on >= day)
    if on_sign_in:
        stmt = stmt.where(Message.show_on_sign_in.is_(True))
    return list(db.session.scalars(stmt.order_by(Message.starts_on.desc(), Message.id.desc())))


def messages_by_state(past_limit: int = 20) -> dict[str, list[Message]]:
    """Showing now, coming up, and the most recent that have ended."""
    day = today()
    return {
        "current": current_messages(),
        "future": list(db.session.scalars(select(Message).where(Message.starts_on > day).order_by(Message.starts_on))),
        "past": list(db.session.scalars(select(Message).where(Message.ends_on < day)
                                        .order_by(Message.ends_on.desc(), Message.id.desc()).limit(past_limit))),
    }


def message_or_404(message_id: int) -> Message:
    return db.get_or_404(Message, message_id)
