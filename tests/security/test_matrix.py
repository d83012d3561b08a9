"""The authorisation matrix: every route of app.url_map is classified (tests/security/routes.py), and
each landlord, signed-in and council route answers every kind of visitor as designed, as a page
request and as an htmx request:

- landlord routes: the owner with the permission 200; without it 403; another landlord's object 404
  (and the other landlord on the owner's object 404); a council user 404; signed out the sign-in page
  (303, or 401 with HX-Redirect for htmx);
- council routes: admin and the roles named 200, the other roles 403, a landlord 404, signed out the
  council sign-in page.

POST-only routes are checked for every refusal (the allowed case acts, and is the feature's own test);
CSRF is off here because it is checked before the guards (tests/security/test_csrf.py covers it).
"""
from __future__ import annotations

import pytest

from lp.models import COUNCIL_ROLES
from tests.security.routes import ROUTES, example_url, methods
from tests.security.test_route_guards import classify

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}


def _endpoints(kind: str) -> list[str]:
    return sorted(endpoint for endpoint, route in ROUTES.items() if route.kind == kind)


def test_every_route_is_classified(app):
    unclassified = sorted(
        f"{rule.rule} ({rule.endpoint})" for rule in app.url_map.iter_rules() if rule.endpoint not in ROUTES
    )
    assert unclassified == [], "add these routes to tests/security/routes.py: " + ", ".join(unclassified)


def test_the_table_agrees_with_the_guards_on_the_views(app):
    for rule in app.url_map.iter_rules():
        route, view = ROUTES[rule.endpoint], app.view_functions[rule.endpoint]
        if rule.endpoint == "static":
            continue
        assert classify(app, rule.endpoint) == route.kind, rule.endpoint
        if route.kind in ("landlord", "signed-in") and route.permissions:
            assert getattr(view, "lp_permission", None) in route.permissions, rule.endpoint
        if route.kind == "council":
            assert getattr(view, "lp_roles", None) == route.roles, rule.endpoint


@pytest.fixture
def visit(app, sign_in, record_property):
    """visit(user_or_None, method, url) -> [page response, htmx response]; counts the requests."""
    clients = {}
    count = [0]

    def visit(user, method: str, url: str):
        key = user.id if user is not None else None
        if key not in clients:
            clients[key] = sign_in(app.test_client(), user) if user is not None else app.test_client()
        client = clients[key]
        count[0] += 2
        return [client.open(url, method=method), client.open(url, method=method, headers=HTMX)]

    app.config["WTF_CSRF_ENABLED"] = False
    yield visit
    record_property("requests", count[0])


def _statuses(responses) -> list[int]:
    return [r.status_code for r in responses]


def _to_sign_in(responses, sign_in_path: str) -> None:
    page, htmx = responses
    assert page.status_code == 303 and page.location.startswith(f"{sign_in_path}?next="), page.location
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith(f"{sign_in_path}?next=")
    assert b"Smith" not in page.data + htmx.data


@pytest.mark.parametrize("endpoint", _endpoints("landlord"))
def test_landlord_route_answers_each_visitor_as_designed(app, world, visit, endpoint):
    route = ROUTES[endpoint]
    url = example_url(app, endpoint, world)
    for method in sorted(methods(app, endpoint)):
        if method == "GET":
            assert _statuses(visit(world["lead"], method, url)) == [route.ok] * 2
        for permission in route.permissions:
            assert _statuses(visit(world["without"][permission], method, url)) == [403, 403], permission
        if route.other:
            mine = visit(world["lead"], method, route.other(world))
            assert _statuses(mine) == [404, 404]
            assert all(b"Otherton" not in r.data for r in mine)
            assert _statuses(visit(world["other"], method, url)) == [404, 404]
        for council_user in ("council", "admin"):
            assert _statuses(visit(world[council_user], method, url)) == [route.council_gets or 404] * 2
        _to_sign_in(visit(None, method, url), "/sign-in")


@pytest.mark.parametrize("endpoint", _endpoints("signed-in"))
def test_signed_in_route_answers_each_visitor_as_designed(app, world, visit, endpoint):
    route = ROUTES[endpoint]
    url = example_url(app, endpoint, world)
    for method in sorted(methods(app, endpoint)):
        if method == "GET":
            assert _statuses(visit(world["lead"], method, url)) == [route.ok] * 2
            assert _statuses(visit(world["council"], method, url)) == [route.council_gets] * 2
        for permission in route.permissions:
            assert _statuses(visit(world["without"][permission], method, url)) == [403, 403], permission
        _to_sign_in(visit(None, method, url), "/sign-in")


@pytest.mark.parametrize("endpoint", _endpoints("council"))
def test_council_route_answers_each_role_as_designed(app, world, visit, endpoint):
    route = ROUTES[endpoint]
    url = example_url(app, endpoint, world)
    users = {"admin": world["admin"], "officer": world["council"], "data": world["data_user"]}
    assert set(users) == set(COUNCIL_ROLES)
    for method in sorted(methods(app, endpoint)):
        for role, user in users.items():
            allowed = role == "admin" or route.roles is None or role in route.roles
            if allowed and method == "GET":
                assert _statuses(visit(user, method, url)) == [route.ok] * 2, role
            elif not allowed:
                assert _statuses(visit(user, method, url)) == [403, 403], role
        for landlord_user in ("lead", "other"):
            assert _statuses(visit(world[landlord_user], method, url)) == [404, 404]
        _to_sign_in(visit(None, method, url), "/admin/sign-in")
