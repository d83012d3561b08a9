"""Every POST route (from app.url_map) refuses a missing, wrong or someone else's CSRF token, and
nothing in the database changes. The console and landlord pages answer 400 "Your form has expired";
the sign-in and account pages show their form again instead (tests/auth/test_csrf.py), still doing nothing.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.extensions import db as _db
from tests.auth.conftest import csrf_of
from tests.security.routes import ROUTES, example_url, methods

# Fields that, with a valid token, would make most forms do something.
PAYLOAD = {
    "username": "lead", "password": "correct horse battery staple", "key": "123456", "code": "123456",
    "email": "someone@example.org", "username_or_email": "lead", "reason": "Not a landlord we pay",
    "new_password": "a brand new passphrase", "password_confirm": "a brand new passphrase",
    "mobile": "07700 900123", "key_method": "email", "channel": "email", "details": "Moved out",
}
# Signed-in sessions are touched on every request; that is not a change the form made.
VOLATILE = {("user_session", "last_seen_at")}


def post_routes(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())})


def snapshot() -> dict:
    _db.session.expire_all()
    tables = {}
    for table in _db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
        rows = _db.session.execute(select(*columns)).all()
        tables[table.name] = sorted(map(repr, rows))
    return tables


def _user_for(route, world):
    if route.kind == "council":
        return world["admin"]
    if route.kind in ("landlord", "signed-in"):
        return world["lead"]
    return world["lead"]  # public forms: signed in as well, so sign-out has a session to end


def _someone_elses_token(app) -> str:
    return csrf_of(app.test_client().get("/sign-in").get_data(as_text=True))


def test_every_post_route_is_in_the_table(app):
    assert set(post_routes(app)) <= set(ROUTES)


@pytest.mark.parametrize("token", ["missing", "wrong", "someone else's"])
def test_every_post_route_refuses_a_bad_token_and_changes_nothing(app, db, world, sign_in, token):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    tokens = {"missing": None, "wrong": "not-a-token", "someone else's": _someone_elses_token(app)}
    checked = []
    for endpoint in post_routes(app):
        route = ROUTES[endpoint]
        client = sign_in(app.test_client(), _user_for(route, world))
        data = dict(PAYLOAD)
        if tokens[token] is not None:
            data["csrf_token"] = tokens[token]
        before = snapshot()
        response = client.post(example_url(app, endpoint, world), data=data)
        html = response.get_data(as_text=True)
        if endpoint.split(".")[0] in ("auth", "admin_auth"):
            assert response.status_code in (200, 303), endpoint
            if response.status_code == 200:
                assert "expired" in html, endpoint
        elif endpoint.startswith("register."):
            # A long form is never lost: it comes back as typed, with a new token and the reason.
            assert response.status_code == 400, endpoint
            assert "this form expired. Check what you typed" in html, endpoint
        else:
            assert response.status_code == 400, endpoint
            assert "Your form has expired" in html, endpoint
        assert snapshot() == before, f"{endpoint} changed the database without a valid token"
        checked.append(endpoint)
    assert len(checked) == len(post_routes(app)) > 0


def test_the_snapshot_sees_a_change_made_with_a_valid_token(app, db, world, sign_in):
    """The control: the same comparison does notice a POST that acts (signing out ends the session)."""
    client = sign_in(app.test_client(), world["lead"])
    token = csrf_of(client.get("/profile").get_data(as_text=True))
    assert token
    before = snapshot()
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert snapshot() != before


def test_post_routes_are_only_posts_or_forms(app):
    """A state change is never a GET: every POST route is a form page (GET shows it) or POST only."""
    for endpoint in post_routes(app):
        assert methods(app, endpoint) <= {"GET", "POST"}, endpoint
