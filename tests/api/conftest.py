"""Fixtures of the API tests: a world with data of two organisations, tokens, and a client whose
every /api/ response is checked against the OpenAPI document (so the document stays true)."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from lp.api import openapi, tokens
from lp.models import API_PERMISSIONS
from tests import factories as f
from tests.api.openapi_check import check

DOCUMENT = openapi.document("/api/v1")


class CheckedClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        path = response.request.path
        if path.startswith("/api/") and path not in ("/api/v1/openapi.json", "/api/v1/docs"):
            check(DOCUMENT, path, response)
        return response


@pytest.fixture(autouse=True)
def _checked_client(app):
    app.test_client_class = CheckedClient
    app.config["WTF_CSRF_ENABLED"] = False  # the token forms are posted without CSRF here; test_csrf covers it


@pytest.fixture
def api_world(db, landlord_world):
    w = dict(landlord_world)
    for prefix, account, surname in (("", w["account"], "Smith"), ("other_", w["other_account"], "Otherton")):
        claim = f.make_claim(account, surname=surname)
        f.make_entitlement(claim)
        w[f"{prefix}claim"] = claim
        w[f"{prefix}payment"] = f.make_payment(account, lines=[(claim, 9850, 0, 0)])
        w[f"{prefix}letter"] = f.make_letter(claim)
    db.session.commit()
    w["token"], w["secret"] = tokens.create(w["lead"], name="Rent system", permissions=list(API_PERMISSIONS), days=30)
    w["other_token"], w["other_secret"] = tokens.create(w["other"], name="Other system",
                                                        permissions=list(API_PERMISSIONS), days=30)
    return w


@pytest.fixture
def api(app, api_world):
    """api(url, secret=the lead's token, **headers) -> the response (checked against the document)."""
    client = app.test_client()

    def get(url: str, secret: str | None = None, **headers):
        headers.setdefault("Authorization", f"Bearer {secret or api_world['secret']}")
        return client.get(url, headers=headers)

    return get
