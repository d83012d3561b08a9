"""Who may do what: the landlord and council guards, and the permission and role decorators.

Each blueprint guards itself once (bp.before_request(require_landlord)) and each view names what it
needs (@needs("view_payments")). tests/security/test_route_guards.py fails on any route that is
neither public nor guarded, so a new route cannot forget.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, g, request, url_for
from flask_login import current_user

from lp.htmx import hx_redirect, is_htmx


def public(view):
    """Mark a view as open to everyone, signed in or not."""
    view.lp_public = True
    return view


def _to_sign_in(sign_in_endpoint: str):
    """Signed-out: the sign-in page; an htmx request gets 401 with HX-Redirect to it."""
    # Only the path comes back after sign-in: a query string can hold search terms (tenants' names),
    # which must not travel into the sign-in page's URL.
    target = url_for(sign_in_endpoint, next=request.path)
    if is_htmx():
        response = hx_redirect(target)
        response.status_code = 401
        return response
    return hx_redirect(target)


def require_landlord():
    """before_request of every landlord blueprint. A council user has no landlord pages (404)."""
    if not current_user.is_authenticated:
        return _to_sign_in("auth.sign_in")
    if current_user.is_council or current_user.landlord_id is None:
        abort(404)
    if current_user.mobile_reset_requested:
        # Their organisation (or the council) reset their mobile: a new one, confirmed, before anything
        # else. The mobile page says why they are there.
        return hx_redirect(url_for("profile.mobile"))
    g.landlord_id = current_user.landlord_id
    return None


def require_signed_in():
    """before_request of pages for any signed-in user, landlord or council (e.g. My profile)."""
    if not current_user.is_authenticated:
        return _to_sign_in("auth.sign_in")
    return None


def require_council():
    """before_request of the council console. A landlord never learns /admin exists (404)."""
    if not current_user.is_authenticated:
        return _to_sign_in("admin_auth.sign_in")
    if not current_user.is_council:
        abort(404)
    return None


def needs(permission: str):
    """A landlord view that needs one of the user's permissions; 403 without it."""
    return _guarded(lp_permission=permission)


def needs_role(*roles: str):
    """A council view for some roles; admin may do everything. 403 for the others."""
    return _guarded(lp_roles=roles)


def _guarded(**marks):
    """The view, marked with what it needs (read by may_open), answering 403 to whoever may not open it."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not may_open(guarded):
                abort(403)
            return view(*args, **kwargs)

        for name, value in marks.items():
            setattr(guarded, name, value)
        return guarded

    return decorate


def may_open(view) -> bool:
    """Whether the signed-in user passes the permission or role that @needs/@needs_role put on `view`
    (the one test of both: the guards call it, and so does the menu, lp/navigation.py). The blueprint's
    own guard (landlord or council) is not part of it."""
    permission = getattr(view, "lp_permission", None)
    if permission is not None and not current_user.can(permission):
        return False
    roles = getattr(view, "lp_roles", None)
    return roles is None or current_user.council_role == "admin" or current_user.council_role in roles


def may_open_key() -> tuple:
    """All that may_open reads of the signed-in user: what is kept per what a user may open (the menus,
    lp/navigation.py) is kept under it, so a change to one is a change to the other."""
    return (current_user.permissions, current_user.council_role)


def recent_sign_in(action, back=None, *, posts_only: bool = False):
    """A view that needs a sign-in within the last 15 minutes: the one way lp asks for one.

    Sensitive changes (approving, unlocking, deactivating, loading data, changing one's details or
    one's organisation's users) need a recent sign-in. Otherwise the user is sent to sign in again
    (their own sign-in page) and back. `action` completes "For your security, sign in again to ..."
    (or gives it from the view's arguments); `back(view_kwargs)` gives the page to come back to, a
    GET page, never the POST that was refused (by default this one). `posts_only`: a page may be
    looked at (a confirmation, a form) and the sign-in is asked for when it is sent, as the console does.
    """

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if (posts_only and request.method != "POST") or _recently_signed_in():
                return view(*args, **kwargs)
            flash(f"For your security, sign in again to {action(kwargs) if callable(action) else action}.")
            sign_in = "admin_auth.sign_in" if current_user.is_council else "auth.sign_in"
            return hx_redirect(url_for(sign_in, next=back(kwargs) if back else request.path))

        return guarded

    return decorate


def _recently_signed_in() -> bool:
    from lp.sessions import recently_authenticated

    return recently_authenticated()
