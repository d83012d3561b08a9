"""Request helpers shared by the auth views: the per-username rate-limit key, and what an expired
form (a CSRF failure) shows instead of an error page."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for

SIGN_IN_AGAIN = "Your session expired. Sign in again."

# Forms that are POST only: after an expired form, the page to go back to.
_BACK_TO = {
    "auth.new_key": "auth.key",
    "auth.new_mobile_code": "auth.confirm_mobile",
    "admin_auth.use_email": "admin_auth.code",
}


def username_key() -> str:
    """Throttle guesses at one username from many addresses (lock-out alone would let them be fast)."""
    return "sign-in-user:" + (request.form.get("username") or "").strip().lower()[:200]


def try_again():
    """Show the same page again (a GET), with a notice; nothing the form asked for has been done."""
    if request.endpoint == "auth.sign_out":
        from lp.htmx import render

        return render("auth/sign_out.html", page_title="Sign out")
    flash("Your session expired. Try again.")
    endpoint = _BACK_TO.get(request.endpoint, request.endpoint)
    rule_accepts_get = any(
        rule.endpoint == endpoint and "GET" in (rule.methods or ())
        for rule in current_app.url_map.iter_rules()
    )
    if not rule_accepts_get:
        return redirect(url_for("auth.sign_in"), 303)
    return redirect(url_for(endpoint, **(request.view_args or {})), 303)
