"""Forms are posted without CSRF tokens here; the tests that check CSRF turn it back on."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def claims(db, landlord_world):
    """Three claims of the lead's organisation (HB7001..3) and one of the other landlord's (HB8001)."""
    made = {reference: f.make_claim(landlord_world["account"], reference=reference, rent_reference=f"NHA/{reference}")
            for reference in ("HB7001", "HB7002", "HB7003")}
    made["HB8001"] = f.make_claim(landlord_world["other_account"], reference="HB8001", rent_reference="OTH/1")
    db.session.commit()
    return made


def next_week() -> str:
    return (date.today() + timedelta(days=7)).strftime("%d/%m/%Y")


def rents_file(*lines: str, header: str = "claim_reference,new_rent,frequency,service_charges,effective_date",
               name: str = "rents.csv", encoding: str = "utf-8"):
    return {"rents_file": (io.BytesIO(("\n".join((header, *lines)) + "\n").encode(encoding)), name)}
