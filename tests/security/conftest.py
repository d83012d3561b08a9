"""Fixtures of the security tests: a world with an object of every kind for two landlords."""
from __future__ import annotations

from datetime import date

import pytest
from flask import current_app

from lp.extensions import db
from lp.models import PERMISSIONS, ChangeReport, ImportBatch, Message
from tests import conftest
from tests import factories as f
from tests.factories import _save


@pytest.fixture
def world(request, built_once):
    """landlord_world with an object of each kind for both landlords, and a lead-landlord user
    lacking each permission in turn (`without["view_claims"]`). Built once per test process and
    backend (BUILT_ONCE); a committing test builds its own, in its own database."""
    w = built_once["world"] if built_once is not None else build_world(request.getfixturevalue("landlord_world"))
    # Signed links are made for each test: a password reset lives an hour, longer than a test but not
    # than every process that keeps a world built once.
    with current_app.test_request_context():
        from lp.auth.tokens import make_token

        w["email_token"] = make_token("email_change", w["lead"], email="lead.new@example.org")
        w["activation_token"] = make_token("activation", w["invited"])
        w["reset_token"] = make_token("password_reset", w["lead"])
    return w


def build_world(landlord_world: dict) -> dict:
    w = dict(landlord_world)
    for prefix, account, surname in (("", w["account"], "Smith"), ("other_", w["other_account"], "Otherton")):
        claim = f.make_claim(account, surname=surname)
        f.make_entitlement(claim)
        w[f"{prefix}claim"] = claim
        w[f"{prefix}payment"] = f.make_payment(account, lines=[(claim, 9850, 0, 0)])
        w[f"{prefix}letter"] = f.make_letter(claim)
        w[f"{prefix}change"] = _save(ChangeReport(
            reference=f"CH-{prefix}1", landlord_id=account.landlord_id, claim_id=claim.id,
            reported_by_id=w["lead" if not prefix else "other"].id, change_type="moved_out",
            happened_on=date.today(), details="Moved out"))
        w[f"{prefix}rent_change"] = f.make_rent_change(account.landlord_id, w["lead" if not prefix else "other"],
                                                      [claim], status="submitted")
        w[f"{prefix}task"] = f.make_task(claim)
        w[f"{prefix}property"] = f.make_property(claim)
    w["message"] = _save(Message(body="The office is closed on Friday", starts_on=date.today(),
                                 ends_on=date.today()))
    w["batch"] = _save(ImportBatch(source="extract-test", checksum="0" * 64, run_by="loader", status="loaded"))
    w["registration"] = f.make_registration()
    w["invited"] = f.make_user(w["landlord"], username="invited", status="invited")
    w["without"] = {
        permission: f.make_user(w["landlord"], username=f"no-{permission}",
                                permissions=[p for p in PERMISSIONS if p != permission])
        for permission in PERMISSIONS
    }
    db.session.commit()
    from lp.api import tokens

    for prefix, owner in (("", w["lead"]), ("other_", w["other"])):
        w[f"{prefix}api_token"], w[f"{prefix}api_secret"] = tokens.create(
            owner, name=f"{prefix}system", permissions=tokens.grantable(owner), days=30)
    return w


conftest.BUILT_ONCE["world"] = lambda: build_world(conftest.build_landlord_world())
