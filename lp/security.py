"""The security headers every response carries, no-store on every signed-in page, and who the
client is (its address and scheme, as the trusted reverse proxies report them)."""
from __future__ import annotations

from flask import Flask, abort, g, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

BODY_SCRIPT_HASH = "sha256-xbSBSdytiuiBWWyXyROT7Sn9k8zBc4F5ZgBYvjxVde4="
# No 'unsafe-inline', no 'unsafe-eval': htmx is configured to match (see templates/layout.html).
CSP = "; ".join([
    "default-src 'self'",
    # 'self' and the one-line script at the top of templates/layout.html's <body>, by its hash.
    f"script-src 'self' '{BODY_SCRIPT_HASH}'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


def client_address() -> str | None:
    """The client's address: the one source for the rate limits' key, the audit log and sessions.

    With LP_PROXY_HOPS trusted proxies ProxyFix (below) has already put the client's address here;
    with none, X-Forwarded-For is ignored, so a client cannot choose the address it is known by.
    """
    return request.remote_addr


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host/-Port from exactly LP_PROXY_HOPS proxies: each appends
    what it saw, so the last n entries are theirs and anything before them is the client's say-so."""
    hops = app.config["LP_PROXY_HOPS"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def _signed_in() -> bool:
    if g.get("lp_database_down"):
        # Who it is cannot be asked (lp/errors.py): a session cookie is enough to keep this from caches.
        return "sid" in session
    return bool(current_user and current_user.is_authenticated)


def init_app(app: Flask) -> None:
    trust_proxies(app)

    @app.before_request
    def refuse_nul_characters():
        """No one types a NUL and PostgreSQL cannot store one: a form or query holding one is malformed."""
        if any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.values.lists()):
            abort(400)
        return None

    @app.after_request
    def headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if request.is_secure:
            h["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if "immutable" in h.get("Cache-Control", ""):
            pass  # content-addressed (hashed assets, versioned /brand.css): nothing personal in it
        elif _signed_in():
            # Nothing personal may stay in the browser's cache or its back/forward history.
            h["Cache-Control"] = "no-store"
            h["Pragma"] = "no-cache"
        elif "Cache-Control" not in h:
            h["Cache-Control"] = "no-cache"
        h.pop("Server", None)
        return response
