"""The council's own users, as the console lists and finds them."""
from __future__ import annotations

from sqlalchemy import select

from lp.extensions import db
from lp.models import User


def council_users() -> list[User]:
    """Active ones first, by name."""
    return db.session.scalars(select(User).where(User.kind == "council")
                              .order_by(User.status == "deactivated", User.last_name, User.first_name)).all()


def council_user_or_404(user_id: int) -> User:
    return db.first_or_404(select(User).where(User.id == user_id, User.kind == "council"))
