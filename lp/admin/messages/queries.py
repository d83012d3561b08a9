"""The council's daily messages: the list to manage (today's, for the sign-in page: lp/daily_messages.py)."""
from __future__ import annotations

from sqlalchemy import select

from lp.daily_messages import current_messages
from lp.extensions import db
from lp.horizon import today
from lp.models import Message


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
