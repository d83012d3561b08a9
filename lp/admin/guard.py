"""The console cannot be mapped: to anyone who is not a council user, every console URL, real or
not, answers the same, whatever the method and whether or not a form token came with it.
"""
from __future__ import annotations

from flask import current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from lp.access import require_council


def install(state) -> None:
    """Run before every other before_request, CSRFProtect's included: otherwise a POST without a
    token tells a console route (400, form expired) from no route (404)."""
    state.app.before_request_funcs.setdefault(None, []).insert(0, hide_console)


def hide_console():
    """Any console URL, real or not, with any method, from anyone but a council user, answers as
    require_council answers a console page: a landlord 404, a stranger the council sign-in page.
    So a wrong method is not a 405, a missing form token not a 400, an unknown path not a 404 that
    a stranger could tell from a real one."""
    wrong_method = isinstance(request.routing_exception, MethodNotAllowed)
    unknown = isinstance(request.routing_exception, NotFound) and not wrong_method and _under_console(request.path)
    if not (unknown or _is_console(wrong_method)):
        return None
    g.pop("_login_user", None)  # before lp/sessions.py forgets a user cached by an outer context
    if getattr(current_user, "is_council", False):
        return None  # council users are told the truth: 404, 405, 400
    return require_council()


def _under_console(path: str) -> bool:
    prefix = current_app.blueprints["admin"].url_prefix
    return path == prefix or path.startswith(prefix + "/")


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
