"""Scoped reads of rent changes: always from the signed-in landlord; another's submission is not found."""
from __future__ import annotations

from sqlalchemy import Select, select

from lp.exports import Money, streamed
from lp.extensions import db
from lp.models import Claim, RentChange, RentChangeLine
from lp.rent_changes.checks import Claims
from lp.scoping import owned_claims

TEMPLATE_HEADER = ["claim_reference", "rent_reference", "current_weekly_rent", "new_rent", "frequency",
                   "service_charges", "effective_date"]


def submissions_for(landlord_id: int) -> Select:
    return (select(RentChange).where(RentChange.landlord_id == landlord_id)
            .order_by(RentChange.created_at.desc(), RentChange.id.desc()))


def rent_change_for(landlord_id: int, reference: str) -> RentChange:
    return db.first_or_404(select(RentChange).where(RentChange.landlord_id == landlord_id,
                                                    RentChange.reference == reference))


def lines_of(rent_change_id: int, *, to_check: bool = False) -> Select:
    """(line, claim reference, rent reference) in file order; `to_check`: only lines with a warning."""
    stmt = (select(RentChangeLine, Claim.reference, Claim.rent_reference)
            .join(Claim, Claim.id == RentChangeLine.claim_id)
            .where(RentChangeLine.rent_change_id == rent_change_id)
            .order_by(RentChangeLine.line_number))
    return stmt.where(RentChangeLine.warning.isnot(None)) if to_check else stmt


def _latest_lines(landlord_id: int, *statuses: str) -> Select:
    return (select(RentChangeLine.claim_id, RentChangeLine.weekly_rent_pence,
                   RentChangeLine.weekly_service_charges_pence, RentChangeLine.effective_date, RentChange.reference)
            .join(RentChange, RentChange.id == RentChangeLine.rent_change_id)
            .where(RentChange.landlord_id == landlord_id, RentChange.status.in_(statuses))
            .order_by(RentChangeLine.effective_date, RentChangeLine.id))


def current_rents(landlord_id: int) -> dict[int, tuple[int, int]]:
    """claim id -> (weekly rent, weekly service charges) of its latest change sent to the council:
    the benefits extract carries no rent, so what lp knows is what the landlord last told it."""
    return {row.claim_id: (row.weekly_rent_pence, row.weekly_service_charges_pence)
            for row in db.session.execute(_latest_lines(landlord_id, "submitted", "processed"))}


def claims_to_check(landlord_id: int) -> Claims:
    claims = Claims()
    owned = owned_claims(landlord_id).with_only_columns(Claim.id, Claim.reference, Claim.rent_reference, Claim.status)
    for claim_id, reference, rent_reference, status in db.session.execute(owned):
        claims.by_reference[reference] = claim_id
        claims.reference_of[claim_id] = reference
        claims.status_of[claim_id] = status
        claims.by_rent_reference.setdefault(rent_reference, []).append(claim_id)
    claims.current_weekly_rent = {claim_id: rent for claim_id, (rent, _) in current_rents(landlord_id).items()}
    claims.waiting = {(row.claim_id, row.effective_date): row.reference
                      for row in db.session.execute(_latest_lines(landlord_id, "submitted"))}
    return claims


def template_rows(landlord_id: int):
    """The template: one line per live claim, with the rent lp knows and the rest to fill in."""
    rents = current_rents(landlord_id)
    claims = (owned_claims(landlord_id).with_only_columns(Claim.id, Claim.reference, Claim.rent_reference)
              .where(Claim.status != "Ended").order_by(Claim.reference))
    for claim_id, reference, rent_reference in streamed(claims):
        rent, charges = rents.get(claim_id, (None, None))
        yield (reference, rent_reference, _money(rent), None, "weekly", _money(charges), None)


def _money(pence: int | None):
    return None if pence is None else Money(pence)
