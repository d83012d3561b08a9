"""A draft is sent once: a second send of the same draft (a double click, a second tab) is refused."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.errors import Refused
from lp.models import OutboxMessage, RentChange
from lp.rent_changes import services
from tests import factories as f


def test_a_draft_sent_twice_at_once_is_sent_and_told_to_the_council_once(app, db, landlord_world, claims):
    lead = landlord_world["lead"]
    draft = f.make_rent_change(lead.landlord_id, lead, [claims["HB7001"], claims["HB7002"]])
    db.session.commit()
    with app.test_request_context():
        services.submit(lead, draft)
        # The second request read the draft before the first committed; only the database can tell.
        with pytest.raises(Refused, match="already been sent"):
            services.submit(lead, draft)
    db.session.expire_all()
    assert db.session.get(RentChange, draft.id).status == "submitted"
    sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "rent_change")).all()
    assert [message.subject for message in sent] == [f"Rent changes sent: {draft.reference}"]
