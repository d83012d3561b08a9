"""The 15-minute rule of the council console: sensitive actions need a recent sign-in."""
from __future__ import annotations

from flask import flash, url_for

from lp.htmx import hx_redirect
from lp.sessions import recently_authenticated


def sign_in_again(action: str, next_url: str):
    """None when the user signed in within 15 minutes; otherwise the redirect to sign in again.

    `action` completes "For your security, sign in again to ..."; `next_url` is the page to come
    back to (a GET page, never the POST that was refused).
    """
    if recently_authenticated():
        return None
    flash(f"For your security, sign in again to {action}.")
    return hx_redirect(url_for("admin_auth.sign_in", next=next_url))
