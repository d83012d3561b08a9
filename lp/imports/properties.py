"""Keeping the property table (lp/properties) in step with the claims: one INSERT ... SELECT ... GROUP BY with an
upsert, run by the importer after the claims are loaded (and by tests that make claims directly).

Why a table kept at load rather than a GROUP BY per request: the council's largest landlord has
~20,000 claims, and grouping them on every page view (to sort by weekly HB or tenant) costs tens of
ms; a kept row per property is an indexed read of 25 rows. The landlord's own reference and notes
live on the same row and are never touched here.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, exists, func, literal, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from lp.models import Claim
from lp.models.base import utcnow
from lp.models.properties import Property

DERIVED = ("address", "address_key", "postcode", "postcode_key", "tenants", "tenant_key", "status",
           "weekly_hb_pence", "current_claims", "last_end_date")


def _grouped(since: datetime | None):
    """(account, property reference) -> what the property's claims say, one row per property; with
    `since`, only the properties with a claim written (inserted or changed) since then."""
    live = Claim.status != "Ended"
    paid = and_(live, Claim.status == "Active", Claim.suspended.is_(False))
    name = Claim.tenant_first_name + literal(" ") + Claim.tenant_last_name
    return (
        select(
            Claim.account_id, Claim.property_reference,
            func.max(Claim.address), func.lower(func.replace(func.replace(func.max(Claim.address), " ", ""), "|", "")),
            func.max(Claim.postcode), func.max(Claim.postcode_key),
            func.coalesce(func.aggregate_strings(case((live, name)), "; "), ""),
            func.min(case((live, Claim.last_name_key))),
            case((func.sum(case((paid, 1), else_=0)) > 0, "Active"),
                 (func.sum(case((live, 1), else_=0)) > 0, "Suspended"), else_="Ended"),
            func.coalesce(func.sum(case((live, Claim.weekly_hb_pence), else_=0)), 0),
            func.sum(case((live, 1), else_=0)),
            case((func.sum(case((Claim.end_date.is_(None), 1), else_=0)) > 0, None), else_=func.max(Claim.end_date)),
            literal(utcnow(), type_=Property.__table__.c.refreshed_at.type),
        )
        # The WHERE also keeps SQLite's parser from reading the upsert's ON as a join's.
        .where(Claim.property_reference != "", *([_touched(since)] if since is not None else []))
        .group_by(Claim.account_id, Claim.property_reference)
    )


def _touched(since: datetime):
    written = select(Claim.account_id, Claim.property_reference).where(Claim.updated_at >= since)
    return tuple_(Claim.account_id, Claim.property_reference).in_(written)


def refresh_properties(connection, *, since: datetime | None = None) -> int:
    """Insert new properties and update changed ones from the claims; returns the rows written.

    The importer passes the load's start as `since`: a nightly load changes few claims, so only their
    properties are regrouped (all of them while the table is empty, as on the first load after the
    migration that made it)."""
    target = Property.__table__
    if since is not None and connection.scalar(select(Property.id).limit(1)) is None:
        since = None
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    columns = ["account_id", "reference", *DERIVED, "refreshed_at"]
    insert = dialect.insert(target).from_select(columns, _grouped(since))
    changed = or_(*(target.c[c].is_distinct_from(insert.excluded[c]) for c in DERIVED))
    upsert = insert.on_conflict_do_update(
        index_elements=["account_id", "reference"],
        set_={**{c: insert.excluded[c] for c in DERIVED}, "refreshed_at": insert.excluded.refreshed_at},
        where=changed,
    )
    written = connection.execute(upsert).rowcount
    # A claim that moved to another account leaves its old property with no claims: nobody there now.
    gone = ~exists().where(Claim.account_id == Property.account_id, Claim.property_reference == Property.reference)
    connection.execute(update(Property).where(gone, Property.current_claims > 0)
                       .values(tenants="", tenant_key=None, status="Ended", weekly_hb_pence=0, current_claims=0,
                               last_end_date=func.coalesce(Property.last_end_date, utcnow().date())))
    return written
