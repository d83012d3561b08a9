"""The demo's properties: made from its claims by the importer, one with the landlord's own reference and a note."""
from __future__ import annotations

from sqlalchemy import func, select

from lp.models import Claim, Property, User
from tests.conftest import parse_page
from tests.demo.test_command import run_demo  # noqa: F401 - the fixture


def test_the_demo_has_properties_from_its_claims_and_one_with_a_note(app, db, run_demo, sign_in):  # noqa: F811
    from lp.demo.properties import DEMO_NOTE, DEMO_REFERENCE  # after the app: lp's blueprints import each other

    result = run_demo()
    assert result.exit_code == 0, result.output
    assert "the landlord's own reference and a note added" in result.output
    properties = db.session.scalar(select(func.count()).select_from(Property))
    references = db.session.scalar(select(func.count()).select_from(
        select(Claim.account_id, Claim.property_reference).distinct().subquery()))
    assert properties == references > 0
    client = sign_in(app.test_client(), db.session.scalar(select(User).where(User.username == "demo-lead")))
    page = parse_page(client.get(f"/properties?q={DEMO_REFERENCE}"))
    link = page.select_one("#properties tbody a")
    shown = parse_page(client.get(link["href"]))
    assert DEMO_REFERENCE in shown.text("#property-summary") and DEMO_NOTE in shown.text("#property-summary")
    again = run_demo()  # a second run changes nothing
    assert "own reference and a note added" not in again.output
