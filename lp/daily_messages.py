"""The council's daily messages showing today: on every landlord's dashboard, and (those marked so)
on the sign-in page. The console manages them (lp/admin/messages/)."""
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
