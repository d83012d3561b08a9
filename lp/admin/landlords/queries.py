"""What the landlord pages read: organisations found by name, reference, postcode or e-mail, and one
organisation's accounts, users and registrations."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from lp.extensions import db
from lp.models import Landlord, LandlordAccount, Registration, User, search_key

SEARCH_LIMIT = 50


def find_landlords(term: str) -> list[Landlord]:
    """Organisations whose name contains `term`, or with an account of that reference or postcode,
    or with a user whose e-mail contains it; by name, at most SEARCH_LIMIT."""
    term = term.strip()
    if not term:
        return []
    postcode = func.lower(func.replace(LandlordAccount.postcode, " ", ""))
    by_account = select(LandlordAccount.landlord_id).where(
        or_(LandlordAccount.reference == term, postcode == search_key(term)))
    by_email = select(User.landlord_id).where(func.lower(User.email).contains(term.lower(), autoescape=True))
    return list(db.session.scalars(
        select(Landlord).where(or_(
            func.lower(Landlord.name).contains(term.lower(), autoescape=True),
            Landlord.id.in_(by_account), Landlord.id.in_(by_email),
        )).order_by(Landlord.name, Landlord.id).limit(SEARCH_LIMIT)
    ))


def landlord_or_404(landlord_id: int) -> Landlord:
    return db.get_or_404(Landlord, landlord_id)


def user_of_or_404(landlord: Landlord, user_id: int) -> User:
    """One of this organisation's users; anyone else's id is simply not found."""
    return db.first_or_404(select(User).where(
        User.id == user_id, User.landlord_id == landlord.id, User.kind == "landlord"))


def users_of(landlord: Landlord) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.landlord_id == landlord.id, User.kind == "landlord")
        .order_by(User.status == "deactivated", User.last_name, User.first_name, User.id)
    ))


def registrations_for(landlord: Landlord) -> list[Registration]:
    """Its registrations: those approved into it, and any for one of its landlord references."""
    references = select(LandlordAccount.reference).where(LandlordAccount.landlord_id == landlord.id)
    return list(db.session.scalars(
        select(Registration).where(or_(Registration.landlord_id == landlord.id,
                                       Registration.landlord_reference.in_(references)))
        .order_by(Registration.created_at.desc(), Registration.id.desc())
    ))
