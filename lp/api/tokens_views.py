"""API tokens (/api-tokens): a user with "Manage API access" makes a token (shown once),
sees each token's last use, and revokes one at once."""
from __future__ import annotations

from flask import flash, g, redirect, session, url_for
from flask_login import current_user

from lp.access import needs, recent_sign_in
from lp.api import tokens, tokens_bp
from lp.api.forms import NewTokenForm
from lp.htmx import render
from lp.models import API_PERMISSIONS
from lp.models.base import utcnow
from lp.team.forms import ConfirmForm

ONCE = "lp_api_token_once"  # the new token's secret, held for the one page that shows it


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
        token, secret = tokens.create(current_user._get_current_object(), name=form.name.data,
                                      permissions=form.permissions.data, days=int(form.lifetime.data))
        session[ONCE] = [token.id, secret]
        return redirect(url_for(".created", token_id=token.id), 303)
    return render("api_tokens/new.html", form=form, grantable=grantable,
                  page_title=("Error: " if form.errors else "") + "Make an API token")


@tokens_bp.get("/<int:token_id>/created")
@needs("manage_api")
def created(token_id: int):
    """The secret, this once: it leaves the session as it is shown, and lp keeps only its hash."""
    token = tokens.token_of(g.landlord_id, token_id)
    held = session.pop(ONCE, None)
    secret = held[1] if held and held[0] == token.id else None
    return render("api_tokens/created.html", token=token, secret=secret, labels=API_PERMISSIONS,
                  page_title="Your new API token")


@tokens_bp.post("/<int:token_id>/revoke")
@needs("manage_api")
def revoke(token_id: int):
    token = tokens.token_of(g.landlord_id, token_id)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(token, current_user._get_current_object())
        flash(f"The token ‘{token.name}’ has been revoked. Calls with it are refused from now on.", "success")
    return redirect(url_for(".index"), 303)
