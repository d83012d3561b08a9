"""Errors of the API as application/problem+json (RFC 9457): a type the API docs explain, a title a
person can act on, the status, and a detail."""
from __future__ import annotations

import json

from flask import Response, request, url_for

# status -> (the problem's name in the docs, its title when the caller has nothing more precise)
KINDS = {
    400: ("invalid-request", "Your request has a mistake in it"),
    401: ("unauthorised", "Your API token is missing, wrong, expired or revoked"),
    403: ("forbidden", "Your API token does not allow this"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "The API only answers GET"),
    406: ("not-acceptable", "The API answers in JSON (and letters in PDF) only"),
    429: ("too-many-requests", "Too many requests for this token"),
    500: ("server-error", "Sorry, there is a problem with the service"),
    503: ("unavailable", "Sorry, the service is unavailable"),
}


def problem(status: int, title: str | None = None, detail: str | None = None, **extra) -> Response:
    name, default_title = KINDS.get(status, KINDS[500] if status >= 500 else KINDS[400])
    body = {"type": url_for("api.docs", _anchor=f"problem-{name}"), "title": title or default_title,
            "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="lp", error="invalid_token"'
    if status in (429, 503):
        response.headers["Retry-After"] = "60"
    response.headers["Cache-Control"] = "no-store"
    return response


DETAILS = {
    404: "There is nothing here for your organisation. An id or reference of another organisation, or one "
         "older than the data horizon, is not found either.",
    405: "Use GET.",
    429: "Wait a minute, then try again. The limit is per token: see Limits in the API docs.",
    500: "Try again later. Nothing has been changed.",
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def for_status(status: int) -> Response:
    """The problem for an HTTP error raised anywhere under /api/ (lp/errors.py sends them here)."""
    return problem(status, detail=DETAILS.get(status))
