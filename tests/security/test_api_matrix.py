"""The authorisation matrix of the API (routes of kind "token" in tests/security/routes.py): each
answers every kind of caller as designed.

- the organisation's token with the permission: 200; a token without it: 403 problem;
- another organisation's object: 404 (and the other organisation's token on ours: 404);
- no token, a wrong, revoked or expired token, or only a signed-in browser's cookie: 401 problem.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from lp.api import tokens
from lp.extensions import db
from lp.models import API_PERMISSIONS
from tests.security.routes import ROUTES, example_url
from tests.security.test_route_guards import classify


def _token_endpoints() -> list[str]:
    return sorted(endpoint for endpoint, route in ROUTES.items() if route.kind == "token")


def test_every_api_route_is_guarded_by_the_token_and_names_its_permission(app):
    api_rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")]
    assert len(api_rules) == len(_token_endpoints()) + 2  # + the OpenAPI document and its page
    for rule in api_rules:
        route = ROUTES[rule.endpoint]
        assert classify(app, rule.endpoint) == route.kind, rule.endpoint
        if route.kind == "token" and route.permissions:
            assert getattr(app.view_functions[rule.endpoint], "lp_permission", None) in route.permissions


@pytest.fixture
def call(app):
    client = app.test_client()

    def call(url: str, secret: str | None = None, **headers):
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        return client.get(url, headers=headers)

    return call


def _problem(response, status: int) -> dict:
    assert (response.status_code, response.mimetype) == (status, "application/problem+json"), response.data[:300]
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"]
    assert b"Smith" not in response.data and b"Otherton" not in response.data
    return body


@pytest.mark.parametrize("endpoint", _token_endpoints())
def test_api_route_answers_each_caller_as_designed(app, world, call, sign_in, endpoint):
    route = ROUTES[endpoint]
    url = example_url(app, endpoint, world)
    assert call(url, world["api_secret"]).status_code == route.ok
    for permission in route.permissions:
        others = [p for p in API_PERMISSIONS if p != permission]
        _, lacking = tokens.create(world["lead"], name=f"no {permission}", permissions=others, days=1)
        assert "does not allow" in _problem(call(url, lacking), 403)["title"]
    if route.other:
        assert _problem(call(route.other(world), world["api_secret"]), 404)["title"] == "Not found"
        _problem(call(url, world["other_api_secret"]), 404)
    for secret in (None, "lp_" + "x" * 43, world["api_secret"][:-1], "Basic " + world["api_secret"]):
        assert "missing, wrong, expired or revoked" in _problem(call(url, secret), 401)["title"]
    browser = sign_in(app.test_client(), world["lead"])  # a session cookie is no way in
    _problem(browser.get(url), 401)


def test_a_revoked_or_expired_token_is_refused_at_once(app, world, call):
    url = "/api/v1/accounts"
    assert call(url, world["api_secret"]).status_code == 200
    tokens.revoke(world["api_token"], world["lead"])
    _problem(call(url, world["api_secret"]), 401)
    _, expiring = tokens.create(world["lead"], name="short", permissions=["view_payments"], days=1)
    assert call(url, expiring).status_code == 200
    token = tokens.live_token(expiring)
    token.expires_at -= timedelta(days=1, seconds=1)
    db.session.commit()
    assert call(url, expiring).headers["WWW-Authenticate"].startswith("Bearer")
    _problem(call(url, expiring), 401)
