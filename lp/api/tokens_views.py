"""API tokens (/api-tokens): a user with "Manage API access" makes a token (shown once),
sees each token's last use, and revokes one at once."""
from __future__ import annotations

import secrets

from flask import flash, g, redirect, session, url_for
from flask_login import current_user

from lp.access import needs, recent_sign_in
from lp.api import tokens, tokens_bp
from lp.api.forms import NewTokenForm
from lp.htmx import render
from lp.models import API_PERMISSIONS
from lp.models.base import utcnow
from lp.team.forms import ConfirmForm

# The secret is shown in the answer to the POST that made it (no-store), never put in the session:
# Flask's session is a signed, not encrypted, cookie, so it would sit readable in the browser's cookie
# store. A one-time value in the form stops a reload of that answer from making a second token.
FORM_ONCE = "lp_api_token_form"
MADE = "lp_api_token_made"  # the id of the token just made, for the page a reload is sent to


@tokens_bp.get("")
@needs("manage_api")
def index():
    return render("api_tokens/index.html", tokens=tokens.tokens_of(g.landlord_id), labels=API_PERMISSIONS,
                  confirm=ConfirmForm(), now=utcnow(), page_title="API tokens")


@tokens_bp.route("/new", methods=["GET", "POST"])
@needs("manage_api")
@recent_sign_in("make an API token")
def new():
    grantable = tokens.grantable(current_user)
    form = NewTokenForm(grantable)
    if form.validate_on_submit():
        expected = session.pop(FORM_ONCE, None)
        if not expected or not secrets.compare_digest(expected, form.once.data or ""):
            # This form was used already (a reload of the page that showed the secret): make no second token.
            made = session.get(MADE)
            return redirect(url_for(".created", token_id=made) if made else url_for(".index"), 303)
        token, secret = tokens.create(current_user._get_current_object(), name=form.name.data,
                                      permissions=form.permissions.data, days=int(form.lifetime.data))
        session[MADE] = token.id
        response = _created_page(token, secret)
        response.headers["Cache-Control"] = "no-store"
        return response
    form.once.data = session.setdefault(FORM_ONCE, secrets.token_urlsafe(16))
    return render("api_tokens/new.html", form=form, grantable=grantable,
                  page_title=("Error: " if form.errors else "") + "Make an API token")


def _created_page(token, secret: str | None):
    return render("api_tokens/created.html", token=token, secret=secret, labels=API_PERMISSIONS,
                  page_title="Your new API token")


@tokens_bp.get("/<int:token_id>/created")
@needs("manage_api")
def created(token_id: int):
    """A token's details after it was made: its secret was shown once, and lp keeps only its hash."""
    return _created_page(tokens.token_of(g.landlord_id, token_id), None)


@tokens_bp.post("/<int:token_id>/revoke")
@needs("manage_api")
def revoke(token_id: int):
    token = tokens.token_of(g.landlord_id, token_id)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(token, current_user._get_current_object())
        flash(f"The token ‘{token.name}’ has been revoked. Calls with it are refused from now on.", "success")
    return redirect(url_for(".index"), 303)
