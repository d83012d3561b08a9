"""API tokens in the council console (/admin/api-tokens): every organisation's tokens, their last
use, and revoking one at once (a leaked token, an organisation that has left)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lp.access import needs_role
from lp.admin import bp
from lp.api import tokens
from lp.htmx import render
from lp.models import API_PERMISSIONS
from lp.models.base import utcnow
from lp.paging import paginate
from lp.team.forms import ConfirmForm


@bp.get("/api-tokens")
@needs_role("officer")
def api_tokens():
    return render("admin/api_tokens.html", page=paginate(tokens.every_token()), labels=API_PERMISSIONS,
                  confirm=ConfirmForm(), now=utcnow(), page_title="API tokens")


@bp.post("/api-tokens/<int:token_id>/revoke")
@needs_role("officer")
def revoke_api_token(token_id: int):
    token = tokens.token_by_id(token_id)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(token, current_user._get_current_object())
        flash(f"The token ‘{token.name}’ of {token.landlord.name} has been revoked.", "success")
    return redirect(url_for(".api_tokens"), 303)
