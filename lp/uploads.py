"""Uploads larger than the 1 MB body limit: a view says so with @large_upload, and one hook, added by
create_app, raises the limit for that route alone.

The limit must be raised before anything reads the body: lp/security.py's check reads the form, and
CSRFProtect's app-wide check would parse it earlier still. So the hook runs app-wide (Flask has no
per-route before_request that runs that early), does nothing unless the route's view is marked, and
a marked view is @csrf.exempt: its token is checked here, after the body is read within the limit.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from lp.extensions import csrf


def large_upload(limit_setting: str, *, allowed: Callable[[], bool], too_large: Callable[[], object]):
    """Mark a view whose body may be up to app.config[limit_setting] bytes for users `allowed()` lets
    in (the others keep the 1 MB limit); `too_large()` answers a body over it (the form, with its error)."""

    def decorate(view):
        view.lp_upload = (limit_setting, allowed, too_large)
        return csrf.exempt(view)

    return decorate


def init_app(app: Flask) -> None:
    app.before_request(_allow_large_upload)


def _allow_large_upload():
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    marked = getattr(view, "lp_upload", None)
    if marked is None:
        return None
    limit_setting, allowed, too_large = marked
    g.pop("_login_user", None)  # this runs before lp/sessions.py forgets a user cached by an outer context
    if not allowed():
        return None
    request.max_content_length = current_app.config[limit_setting]
    try:
        request.form  # noqa: B018 - parse now, so a body over the limit is answered here
    except RequestEntityTooLarge:
        return too_large()
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return None
