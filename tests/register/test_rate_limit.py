"""The registration limit counts only registrations that were accepted, and at the limit the form
comes back as it was typed (an agent's long list is never lost)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lp import create_app
from lp.extensions import db as _db
from lp.models import Registration
from tests.conftest import parse_page
from tests.register.test_views import VALID


@pytest.fixture
def limited(app, db):
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_STORAGE_URI": "memory://"})
    return limited.test_client()


def _stored() -> int:
    return _db.session.scalar(select(func.count()).select_from(Registration))


def test_refused_forms_do_not_count_and_the_eleventh_accepted_one_comes_back_as_typed(db, limited):
    for _ in range(12):  # mistakes: each comes back with its error, none counts
        page = parse_page(limited.post("/register", data={**VALID, "postcode": "nowhere"}))
        assert "Enter a real postcode" in page.text(".govuk-error-summary")
    for n in range(10):
        response = limited.post("/register", data={**VALID, "landlord_reference": f"10000{n}"})
        assert response.status_code == 303, n
    assert _stored() == 10

    typed = {**VALID, "landlord_reference": "200001\n200002\n200003", "organisation_name": "Quayside Agents"}
    page = parse_page(limited.post("/register", data=typed), status=429)
    assert "You have sent 10 registrations in the last hour. Wait an hour, then send this one" in page.text(
        ".govuk-error-summary")
    assert page.select_one("textarea#landlord_reference").get_text() == "200001\n200002\n200003"
    assert page.select_one("#organisation_name")["value"] == "Quayside Agents"
    assert page.select_one("#email")["value"] == VALID["email"]
    assert page.select_one("form[action='/register'] button").get_text(strip=True) == "Send registration"
    assert page.response.headers["Retry-After"] == "3600"
    assert _stored() == 10


def test_one_registration_of_many_references_counts_once(db, limited):
    many = "\n".join(str(300000 + n) for n in range(25))
    assert limited.post("/register", data={**VALID, "landlord_reference": many}).status_code == 303
    for n in range(9):
        assert limited.post("/register", data={**VALID, "landlord_reference": f"40000{n}"}).status_code == 303
    assert _stored() == 34
    assert limited.post("/register", data=VALID).status_code == 429
