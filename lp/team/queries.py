"""Scoped reads of an organisation's users: always from the signed-in user's landlord."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, func, select

from lp.extensions import db
from lp.models import PERMISSIONS, Landlord, User

LIVE = ("invited", "active", "locked")  # a deactivated user is gone from the team


def _team(landlord_id: int) -> Select:
    return select(User).where(User.landlord_id == landlord_id, User.kind == "landlord")


def members(landlord_id: int) -> list[User]:
    """Users who can sign in (or are locked out for now), by name."""
    return list(db.session.scalars(
        _team(landlord_id).where(User.status.in_(("active", "locked")))
        .order_by(User.last_name, User.first_name, User.id)
    ))


def invitations(landlord_id: int) -> list[User]:
    return list(db.session.scalars(
        _team(landlord_id).where(User.status == "invited").order_by(User.created_at, User.id)
    ))


def member_for(landlord_id: int, user_id: int) -> User:
    """One of the organisation's live users or invitations; anyone else's (or a deactivated one) is 404."""
    return db.first_or_404(_team(landlord_id).where(User.id == user_id, User.status.in_(LIVE)))


def seats_taken(landlord_id: int) -> int:
    """Active users and pending invitations together (LP_MAX_USERS caps this)."""
    return db.session.scalar(
        select(func.count()).select_from(User)
        .where(User.landlord_id == landlord_id, User.kind == "landlord", User.status.in_(LIVE))
    )


def active_managers(landlord_id: int) -> int:
    users = db.session.scalars(_team(landlord_id).where(User.status == "active"))
    return sum(1 for user in users if user.can("manage_users"))


def live_email_taken(landlord_id: int, email: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(
            User.landlord_id == landlord_id, User.status.in_(LIVE), func.lower(User.email) == email.lower())
    ) > 0


def username_taken(username: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(func.lower(User.username) == username.lower())
    ) > 0


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def invitation_domain(landlord_id: int) -> str | None:
    """The domain the organisation may invite addresses at: the one the council set, else its lead
    user's; None when the council allows any address (or there is no lead to take it from)."""
    landlord = db.session.get(Landlord, landlord_id)
    if landlord.invite_any_email:
        return None
    if landlord.invite_domain:
        return landlord.invite_domain
    lead_email = db.session.scalar(
        _team(landlord_id).with_only_columns(User.email).where(User.is_lead)
        .order_by((User.status == "deactivated"), User.id).limit(1))
    return domain_of(lead_email) if lead_email else None


def everyone(landlord_id: int) -> Select:
    """Every user the organisation has had, deactivated included (the CSV and the access log)."""
    return _team(landlord_id).order_by(User.last_name, User.first_name, User.id)


def user_rows(landlord_id: int) -> Iterator[list]:
    """The users CSV: every user the organisation has had, with what each may do."""
    for user in db.session.scalars(everyone(landlord_id)):
        yield [user.username, user.first_name, user.last_name, user.email, user.status,
               *(user.can(p) for p in PERMISSIONS), user.last_sign_in_at]
