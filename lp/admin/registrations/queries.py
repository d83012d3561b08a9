"""What the approval queue reads: registrations, oldest first (competing ones for one landlord
reference side by side), and how each matches the extract and who already has the reference."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lp.extensions import db
from lp.models import Landlord, LandlordAccount, Registration, search_key


@dataclass(frozen=True)
class Match:
    """How a registration compares with the landlord reference in the loaded extract."""

    account: LandlordAccount | None

    @property
    def exists(self) -> bool:
        return self.account is not None

    def name_matches(self, registration: Registration) -> bool:
        return self.exists and search_key(self.account.name) == search_key(registration.organisation_name)

    def postcode_matches(self, registration: Registration) -> bool:
        return self.exists and search_key(self.account.postcode) == search_key(registration.postcode)

    @property
    def owner(self) -> Landlord | None:
        """The organisation the reference already belongs to, if any."""
        return self.account.landlord if self.exists else None


def pending_registrations() -> list[Registration]:
    """Oldest first; a registration competing for a landlord reference comes right after the first
    one for it, so the officer compares them side by side."""
    pending = list(db.session.scalars(
        select(Registration).where(Registration.status == "pending")
        .order_by(Registration.created_at, Registration.id)
    ))
    first = {}
    for position, registration in enumerate(pending):
        first.setdefault(registration.landlord_reference, position)
    return sorted(pending, key=lambda r: first[r.landlord_reference])  # stable: oldest first within


def competing(registrations: list[Registration]) -> dict[int, list[Registration]]:
    """Registration id -> the other registrations waiting for the same landlord reference."""
    references = {r.landlord_reference for r in registrations}
    waiting = list(db.session.scalars(
        select(Registration).where(Registration.status == "pending",
                                   Registration.landlord_reference.in_(references))
        .order_by(Registration.created_at, Registration.id)
    )) if references else []
    return {r.id: [o for o in waiting if o.landlord_reference == r.landlord_reference and o.id != r.id]
            for r in registrations}


def decided_registrations(limit: int = 50) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.status != "pending")
        .order_by(Registration.decided_at.desc(), Registration.id.desc()).limit(limit)
    ))


def matches_for(registrations: list[Registration]) -> dict[int, Match]:
    """Registration id -> Match, in one query for the whole list."""
    references = {r.landlord_reference for r in registrations}
    accounts = {a.reference: a for a in db.session.scalars(
        select(LandlordAccount).where(LandlordAccount.reference.in_(references))
        .options(joinedload(LandlordAccount.landlord))
    )} if references else {}
    return {r.id: Match(accounts.get(r.landlord_reference)) for r in registrations}


def registration_or_404(registration_id: int) -> Registration:
    return db.get_or_404(Registration, registration_id)
