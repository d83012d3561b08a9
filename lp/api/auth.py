"""Who calls the API: the bearer token guard, the permission a view needs, the rate-limit key, and
the audit of every call (the organisation's access log names the token)."""
from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import current_app, g, request
from sqlalchemy import update

from lp import audit
from lp.api import tokens
from lp.api.problems import problem
from lp.audit_actions import api_call
from lp.extensions import db, login_manager
from lp.models import ApiToken
from lp.models.base import utcnow
from lp.security import client_address


def _bearer() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _live_token():
    """The live token the bearer value names, looked up once a request (the limiter's key asks first)."""
    if "lp.api_token" not in request.environ:  # the request's own: tests share one g across requests
        request.environ["lp.api_token"] = tokens.live_token(_bearer())
    return request.environ["lp.api_token"]


def require_token():
    """before_request of the API: a live token of an organisation, or 401. Cookies count for nothing."""
    g.pop("api_token", None)  # a request names its own token (tests share one g across requests)
    g.pop("api_audit", None)
    # A browser's session cookie sent alongside is not looked at: no one is signed in for Flask-Login
    # (its per-request cache of the user), so an API call neither acts as that person nor keeps
    # their session alive, and the audit and the headers do not read the cookie either.
    g._login_user = login_manager.anonymous_user()
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "lp_public", False):
        return None
    token = _live_token()
    if token is None:
        return problem(401, "Your API token is missing, wrong, expired or revoked",
                       "Send a live token as ‘Authorization: Bearer <token>’. A user with "
                       "‘Manage API access’ can make one on the portal’s API tokens page.")
    g.api_token, g.landlord_id = token, token.landlord_id
    return None


def token_needs(permission: str):
    """An API view that needs one of the token's permissions; 403 problem without it."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not g.api_token.can(permission):
                return problem(403, "Your API token does not allow this",
                               f"This needs a token with ‘{tokens.describe(permission)}’. Make a new token that "
                               "includes it.")
            return view(*args, **kwargs)

        guarded.lp_permission = permission
        return guarded

    return decorate


def audited(object_type: str, object_ref: str | None = None, detail: str | None = None) -> None:
    """Say what this call read; the audit event is written as the response leaves (record_call)."""
    g.api_audit = (object_type, object_ref, detail)


def record_call(response):
    """after_request: every call with a token is an audit event of the organisation, named by the
    token, with what it read and the answer (never a tenant's name: filters are named, not quoted)."""
    token = g.get("api_token")
    if token is None:
        return response
    object_type, object_ref, detail = g.get("api_audit", (None, None, None))
    _note_last_use(token)
    audit.record_api_call(api_call(request.endpoint), token=token, object_type=object_type, object_ref=object_ref,
                          detail=" ".join(part for part in (request.method, request.path,
                                                            str(response.status_code), detail) if part))
    return response


# The token pages show when a token was last used to the minute: a write per call would serialise
# SQLite's writers for nothing (as lp/sessions.py touches a session at most once a minute).
LAST_USE_STEP = timedelta(minutes=1)


def _note_last_use(token) -> None:
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_STEP:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()


def api_headers(response):
    """after_request: an answer depends on the token, and personal data is kept by no cache unless a
    list said otherwise (its ETag lets the organisation's own system keep a private copy)."""
    response.vary.add("Authorization")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def rate_limit_key() -> str:
    """The limiter's bucket: a live token's own, else the caller's address. Keying a bearer value
    that is no live token by its hash would give a caller who sends a new random value each time a
    fresh bucket each time, so guessing would never be limited."""
    token = _live_token()  # the limiter runs before require_token: the first to ask looks it up
    if token is not None:
        return f"api-token:{token.id}"
    return "api-address:" + (client_address() or "")


def rate_limit_value() -> str:
    return current_app.config["LP_API_RATE_LIMIT"]
