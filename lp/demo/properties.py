"""The demo's properties come from its claims through the importer; this gives one of the lead
organisation's properties the landlord's own reference and a note, so both are there to try."""
from __future__ import annotations

from sqlalchemy import select

from lp.demo.signins import LEAD_ACCOUNTS
from lp.extensions import db
from lp.models import LandlordAccount, Property

DEMO_REFERENCE = "NHA-BLOCK-A/1"
DEMO_NOTE = "Keys with the caretaker. Gas safety check due in March."


def annotate_a_property() -> str | None:
    """The first property (by reference) of the lead's first account, if it has no reference of its own
    yet: running the demo again changes nothing. Returns the property reference annotated."""
    home = db.session.scalars(
        select(Property).join(LandlordAccount, Property.account_id == LandlordAccount.id)
        .where(LandlordAccount.reference == LEAD_ACCOUNTS[0], Property.current_claims > 0)
        .order_by(Property.reference).limit(1)).first()
    if home is None or home.own_reference:
        return None
    home.own_reference, home.notes = DEMO_REFERENCE, DEMO_NOTE
    db.session.commit()
    return home.reference
