"""The console cannot be mapped: to anyone who is not a council user, a console URL answers exactly
as a URL that does not exist (404), whatever the method and whether or not a form token came with it.
"""
from __future__ import annotations

from flask import abort, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed


def install(state) -> None:
    """Run before every other before_request, CSRFProtect's included: otherwise a POST without a
    token tells a console route (400, form expired) from no route (404)."""
    state.app.before_request_funcs.setdefault(None, []).insert(0, hide_console)


def hide_console():
    """A request for a console route from anyone but a council user is a 404 before anything else
    answers it. Signed-out visitors keep the council sign-in page for the console's GET pages
    (require_council), but a method a route does not take is a 404, not a 405 that proves it exists."""
    wrong_method = isinstance(request.routing_exception, MethodNotAllowed)
    if not _is_console(wrong_method):
        return None
    g.pop("_login_user", None)  # before lp/sessions.py forgets a user cached by an outer context
    if getattr(current_user, "is_council", False):
        return None  # council users are told the truth, 405 included
    if wrong_method or current_user.is_authenticated:
        abort(404)
    return None


def _is_console(wrong_method: bool) -> bool:
    if request.url_rule is not None:
        return request.blueprint == "admin"
    if not wrong_method:
        return False
    # Routing failed on the method alone: find the rule that would take one of its methods.
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, _ = adapter.match(method=request.routing_exception.valid_methods[0])
    except HTTPException:
        return False
    return endpoint.startswith("admin.")
