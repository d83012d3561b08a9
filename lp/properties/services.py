"""Writes on a property: the landlord's own reference and notes, and the report that they no longer
own it (a change report, so the council handles it where it handles every other)."""
from __future__ import annotations

from datetime import date

from lp import audit
from lp.audit_actions import PROPERTY_EDITED
from lp.changes.services import report_change
from lp.extensions import db
from lp.models import ChangeReport, Claim, Property, User
from lp.models.base import utcnow


def save_details(home: Property, *, own_reference: str, notes: str) -> None:
    home.own_reference = own_reference or None
    home.notes = notes or None
    home.edited_at = utcnow()
    audit.record(PROPERTY_EDITED, object_type="property", object_ref=home.reference)
    db.session.commit()


def report_no_longer_owned(user: User, home: Property, claim: Claim, *, ended_on: date,
                           details: str) -> ChangeReport:
    """A change report on the property's latest claim: the council's lists, console and e-mail show
    it like any other, and the property reference leads the details so the officer sees which."""
    words = f"Property reference {home.reference}."
    if details:
        words += f"\n\n{details}"
    return report_change(user, claim, change_type="property_sold", happened_on=ended_on, details=words)
