"""The security headers every response carries, and no-store on every signed-in page."""
from __future__ import annotations

import pytest

from lp.security import CSP


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/accessibility")
    csp = response.headers["Content-Security-Policy"]
    assert csp == CSP
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp


def test_pages_say_nosniff_referrer_policy_and_no_server_banner(client):
    response = client.get("/accessibility")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in response.headers


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/accessibility").headers
    secure = client.get("/accessibility", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_signed_in_pages_are_never_stored_by_the_browser(app, lead_client):
    response = lead_client.get("/accessibility")
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite_lax_and_secure_outside_development(app):
    from lp import create_app

    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    production = create_app({"LP_ENV": "production", "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert production.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.committing
def test_request_bodies_have_an_explicit_limit(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    from flask import request

    app.add_url_rule("/_echo", "echo", lambda: str(len(request.get_data())), methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/_echo", data="x" * (1024 * 1024 + 10), content_type="text/plain")
    assert response.status_code == 413


def test_htmx_is_configured_to_match_the_csp(get_page):
    import json

    page = get_page("/accessibility")
    config = json.loads(page.select_one('meta[name="htmx-config"]')["content"])
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0


# --- Every signed-in page, walked from the route table (tests/security/routes.py) ---------------

def _signed_in_get_routes(app):
    from tests.security.routes import ROUTES, methods

    return [e for e, r in ROUTES.items() if r.kind in ("landlord", "signed-in", "council") and "GET" in methods(app, e)]


def test_every_signed_in_page_is_no_store_and_varies_on_hx_request(app, world, sign_in):
    from tests.security.routes import ROUTES, example_url

    clients = {kind: sign_in(app.test_client(), world[user])
               for kind, user in (("landlord", "lead"), ("signed-in", "lead"), ("council", "admin"))}
    walked = 0
    for endpoint in _signed_in_get_routes(app):
        url = example_url(app, endpoint, world)
        for headers in ({}, {"HX-Request": "true"}):
            response = clients[ROUTES[endpoint].kind].get(url, headers=headers)
            assert response.headers["Cache-Control"] == "no-store", f"{endpoint} {headers}"
            assert response.headers["Content-Security-Policy"], endpoint
            if response.status_code == 200 and response.mimetype == "text/html":
                assert "HX-Request" in response.vary, f"{endpoint} {headers}: no Vary: HX-Request"
            response.close()  # a CSV download streams: close it as a browser would once read
            walked += 1
    assert walked > 60


def test_downloads_are_no_store_attachments_that_cannot_be_sniffed(lead_client, world):
    for url in ("/payments.csv", f"/claims/{world['claim'].reference}/payments.csv", f"/letters/{world['letter'].id}"):
        response = lead_client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith(("attachment;", "inline;"))
        response.close()


def test_frames_and_cross_origin_windows_are_refused(client):
    response = client.get("/sign-in")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_sign_out_tells_the_browser_to_forget_everything(lead_client):
    from tests.auth.conftest import csrf_of

    token = csrf_of(lead_client.get("/profile").get_data(as_text=True))
    response = lead_client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "lp_session=;" in response.headers.get("Set-Cookie", "") or "Expires=Thu, 01 Jan 1970" in response.headers.get("Set-Cookie", "")


@pytest.mark.committing
def test_the_real_server_sends_no_version_banner(app, backend):
    """app.py serves with waitress and ident="" ; the same server, started here, says nothing about itself."""
    import ast
    import socket
    import threading
    import urllib.request

    from waitress.server import create_server

    from tests.conftest import ROOT, run_waitress, stop_waitress

    if backend != "sqlite":
        pytest.skip("the server, not the database, is under test")
    calls = [node for node in ast.walk(ast.parse((ROOT / "app.py").read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "serve"]
    assert [kw.value.value for call in calls for kw in call.keywords if kw.arg == "ident"] == [""]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, ident="", asyncore_loop_timeout=0.05)
    thread = threading.Thread(target=run_waitress, args=(server,), daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accessibility", timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers.get("Server") is None
            assert "waitress" not in str(response.headers).lower()
    finally:
        stop_waitress(server, thread)


def test_the_content_security_policy_is_exactly_the_documented_one(client):
    """Spelled out, so loosening lp/security.py's CSP is a visible change to this test and docs/security.md."""
    assert client.get("/sign-in").headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self' 'sha256-xbSBSdytiuiBWWyXyROT7Sn9k8zBc4F5ZgBYvjxVde4='; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
