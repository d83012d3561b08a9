"""What the approval queue reads: registrations, oldest first, and how each matches the extract."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lp.extensions import db
from lp.models import LandlordAccount, Registration, search_key


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


def pending_registrations() -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.status == "pending")
        .order_by(Registration.created_at, Registration.id)
    ))


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
    )} if references else {}
    return {r.id: Match(accounts.get(r.landlord_reference)) for r in registrations}


def registration_or_404(registration_id: int) -> Registration:
    return db.get_or_404(Registration, registration_id)
