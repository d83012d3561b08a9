"""The security headers every response carries, and no-store on every signed-in page."""
from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

# No 'unsafe-inline', no 'unsafe-eval': htmx is configured to match (see templates/layout.html).
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
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


def init_app(app: Flask) -> None:
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
        elif current_user and current_user.is_authenticated:
            # Nothing personal may stay in the browser's cache or its back/forward history.
            h["Cache-Control"] = "no-store"
            h["Pragma"] = "no-cache"
        elif "Cache-Control" not in h:
            h["Cache-Control"] = "no-cache"
        h.pop("Server", None)
        return response
