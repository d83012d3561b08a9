"""Payments for the two landlords of landlord_world: recent ones on each account, one past the horizon."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from tests.conftest import parse_page

HORIZON_DAYS = 730


@pytest.fixture
def payments(db, landlord_world):
    w = landlord_world
    today = date.today()
    tenant = f.make_claim(w["account"], first_name="Ada", surname="Lovelace", postcode="AN1 2BC",
                          rent_reference="=cmd()", address="Flat 3|12 Mill Lane|Anytown")
    neighbour = f.make_claim(w["account"], first_name="Bob", surname="Brown")
    second = f.make_claim(w["second_account"], surname="Jones")
    foreign = f.make_claim(w["other_account"], first_name="Olga", surname="Outsider")
    made = {
        "tenant": tenant, "neighbour": neighbour,
        "main": f.make_payment(w["account"], reference="PAY-MAIN", paid_on=today - timedelta(days=3),
                               lines=[(tenant, 10000, 2000, -1140), (neighbour, 5000, 0, 0)]),
        "second": f.make_payment(w["second_account"], reference="PAY-SECOND", paid_on=today - timedelta(days=10),
                                 lines=[(second, 7777, 0, 0)]),
        "foreign": f.make_payment(w["other_account"], reference="PAY-FOREIGN", paid_on=today - timedelta(days=2),
                                  lines=[(foreign, 4321, 0, 0)]),
        "old": f.make_payment(w["account"], reference="PAY-OLD", paid_on=today - timedelta(days=HORIZON_DAYS + 5),
                              lines=[(tenant, 9999, 0, 0)]),
    }
    db.session.commit()
    return made


@pytest.fixture
def fetch():
    """GET a page with a signed-in client and parse it (checking status and well-formed HTML)."""

    def fetch(client, url, *, status=200, **kwargs):
        return parse_page(client.get(url, **kwargs), status=status)

    return fetch


@pytest.fixture
def no_permissions_client(app, landlord_world, sign_in, db):
    user = f.make_user(landlord_world["landlord"], username="nobody", permissions=())
    db.session.commit()
    return sign_in(app.test_client(), user)
