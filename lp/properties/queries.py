"""Scoped reads of properties: always from the landlord's accounts, never past the horizon."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, or_, select, tuple_

from lp.claims.queries import matches_text
from lp.exports import Money, streamed
from lp.extensions import db
from lp.formats import one_line
from lp.models import ChangeReport, Claim, LandlordAccount, Payment, PaymentLine, Property, search_key
from lp.scoping import owned_claims, owned_payment_lines, owned_properties

# Sortable columns of the list; the id breaks ties so paging is stable.
PROPERTY_SORTS = {
    "address": (Property.address_key,),
    "postcode": (Property.postcode_key,),
    "reference": (Property.reference,),
    "tenant": (Property.tenant_key,),
    "status": (Property.status,),
    "hb": (Property.weekly_hb_pence,),
}
PROPERTY_HEADER = ["Property reference", "Your reference", "Landlord reference", "Address", "Postcode",
                   "Tenants on HB now", "Claim status", "Weekly HB", "Notes"]


def properties_for(landlord_id: int, *, text: str | None = None, status: str | None = None,
                   sort: str = "address", direction: str = "asc") -> Select:
    """The one box finds a property by its reference or the landlord's own (exactly), a part of its
    address, the start of its postcode, or a tenant there (as the claim search finds them)."""
    stmt = owned_properties(landlord_id)
    if text:
        key = search_key(text)
        # Uncorrelated, so PostgreSQL hashes the matching claims' properties once, rather than probing
        # the claims of every property (120 ms for a landlord with 15,000 properties).
        tenant = tuple_(Property.account_id, Property.reference).in_(
            owned_claims(landlord_id).where(matches_text(text))
            .with_only_columns(Claim.account_id, Claim.property_reference))
        stmt = stmt.where(or_(
            Property.reference.in_({text.strip(), text.strip().upper()}),
            Property.own_reference == text.strip(),
            *([Property.address_key.contains(key, autoescape=True),
               Property.postcode_key.startswith(key, autoescape=True)] if key else []),
            tenant,
        ))
    if status:
        stmt = stmt.where(Property.status == status)
    columns = PROPERTY_SORTS.get(sort, PROPERTY_SORTS["address"])
    ordered = [column.desc() if direction == "desc" else column.asc() for column in columns]
    return stmt.order_by(*ordered, Property.id)


def property_for(landlord_id: int, property_id: int) -> Property:
    """One of the landlord's properties; anyone else's is not found (404)."""
    return db.first_or_404(owned_properties(landlord_id).where(Property.id == property_id))


def claims_at(landlord_id: int, home: Property) -> list[Claim]:
    """The claims at the property: live ones first, then the newest."""
    return list(db.session.scalars(
        owned_claims(landlord_id)
        .where(Claim.account_id == home.account_id, Claim.property_reference == home.reference)
        .order_by(Claim.status == "Ended", Claim.start_date.desc(), Claim.reference)))


def payments_at(landlord_id: int, home: Property) -> Select:
    """Rows of (PaymentLine, paid_on, claim reference) paid to the landlord for the property's claims
    since the horizon, newest first."""
    return (
        owned_payment_lines(select(PaymentLine, Payment.paid_on, Claim.reference.label("claim_reference")), landlord_id)
        .join(Claim, PaymentLine.claim_id == Claim.id)
        .where(Claim.account_id == home.account_id, Claim.property_reference == home.reference)
        .order_by(Payment.paid_on.desc(), Payment.reference, PaymentLine.line_number)
    )


def no_longer_owned_report(landlord_id: int, home: Property) -> ChangeReport | None:
    """The organisation's latest "I no longer own this property" report on one of its claims."""
    return db.session.scalars(
        select(ChangeReport).join(Claim, ChangeReport.claim_id == Claim.id)
        .where(ChangeReport.landlord_id == landlord_id, ChangeReport.change_type == "property_sold",
               Claim.account_id == home.account_id, Claim.property_reference == home.reference)
        .order_by(ChangeReport.created_at.desc()).limit(1)).first()


def property_rows(properties: Select) -> Iterator[tuple]:
    """The CSV's rows, read a thousand at a time."""
    stmt = properties.with_only_columns(
        Property.reference, Property.own_reference, LandlordAccount.reference, Property.address,
        Property.postcode, Property.tenants, Property.status, Property.weekly_hb_pence, Property.notes,
    )
    for row in streamed(stmt):
        yield (*row[:3], one_line(row[3]), *row[4:7], Money(row[7]), row[8])
