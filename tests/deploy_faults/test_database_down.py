"""The database down: everyone gets lp's own 503 page with its security headers, /healthz is 503,
and lp recovers by itself when the database is back."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy.engine import make_url

from lp.extensions import db
from lp.security import CSP
from tests.conftest import parse_page
from tests.deploy_faults.conftest import Forwarder, Served, app_like, free_port

UNAVAILABLE = "Sorry, the service is unavailable"


class _Fetched:
    """A requests response, read as the Flask test client's (for parse_page)."""

    def __init__(self, response: requests.Response):
        self.status_code, self.headers, self._text = response.status_code, response.headers, response.text

    def get_data(self, as_text: bool = False):
        return self._text if as_text else self._text.encode()


def _assert_lp_503(response) -> None:
    """What the user sees: lp's page, its headers, nothing kept by the browser."""
    page = parse_page(response, status=503)
    assert page.text("h1") == UNAVAILABLE
    assert page.select_one("footer"), "the service's own page, not the server's"
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Retry-After"] == "60"


def _signed_in_cookie(client) -> None:
    """A signed-in user's cookie (lp/sessions.py keeps the user id and the session token in it)."""
    with client.session_transaction() as session:
        session.update({"_user_id": "1", "sid": "a-session-token", "_fresh": True})


def test_with_the_database_refusing_connections_everyone_gets_lps_503(app, caplog):
    # TESTING off: in production an error in the after-request hook is not re-raised to the caller.
    lp = app_like(app, TESTING=False, SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://lp@127.0.0.1:{free_port()}/lp")
    stranger, landlord = lp.test_client(), lp.test_client()
    _signed_in_cookie(landlord)

    _assert_lp_503(landlord.get("/"))
    _assert_lp_503(landlord.get("/claims?surname=Smith"))
    _assert_lp_503(stranger.post("/sign-in", data={"username": "lead", "password": "x"}))
    for client in (stranger, landlord):
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json == {"status": "unavailable", "database": "unreachable"}
        assert health.headers["Content-Security-Policy"] == CSP
    assert landlord.get("/healthz").headers["Cache-Control"] == "no-store", "a session cookie is enough to keep it out of caches"
    assert "Smith" not in caplog.text, "the log keeps the driver's reason, not the statement's parameters"


def test_a_signed_in_page_is_503_while_the_database_is_cut_and_200_when_it_is_back(app, backend, landlord_world, sign_in):
    if backend != "postgresql":
        pytest.skip("the forwarder stands in front of PostgreSQL (LP_TEST_DATABASE_URL)")
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    forwarder = Forwarder((url.host or "127.0.0.1", url.port or 5432))
    forwarder.restore()
    through = url.set(host="127.0.0.1", port=forwarder.port).render_as_string(hide_password=False)
    lp = app_like(app, TESTING=False, SQLALCHEMY_DATABASE_URI=through)
    cookie = sign_in(lp.test_client(), landlord_world["lead"]).get_cookie("lp_session").value
    browser = requests.Session()
    browser.headers["Cookie"] = f"lp_session={cookie}"
    try:
        with Served(lp) as served:
            assert "Northgate Housing Association" in parse_page(_Fetched(browser.get(served.base + "/"))).text("h1")

            forwarder.cut()
            _assert_lp_503(_Fetched(browser.get(served.base + "/")))
            health = browser.get(served.base + "/healthz")
            assert health.status_code == 503 and health.json()["database"] == "unreachable"
            assert health.headers["Content-Security-Policy"] == CSP

            forwarder.restore()  # lp is not restarted
            assert "Northgate Housing Association" in parse_page(_Fetched(browser.get(served.base + "/"))).text("h1")
            assert browser.get(served.base + "/healthz").json()["status"] == "ok"
    finally:
        forwarder.cut()
        with lp.app_context():
            db.engine.dispose()
