"""Landlords and their users (/admin/landlords): find an organisation, see its accounts, users and
registrations, link another landlord reference, and unlock, re-invite, reset or deactivate a user."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs_role, recent_sign_in
from lp.admin import bp
from lp.admin.landlords import queries, services
from lp.admin.landlords.forms import ActionForm, InvitationsForm, LinkAccountForm, SearchForm
from lp.audit_actions import LANDLORD_VIEWED, LANDLORDS_SEARCHED
from lp.errors import Refused
from lp.htmx import render
from lp.team.queries import invitation_domain

# What each user action does, and what the officer is told when it is done.
# Each needs a recent sign-in: each one changes who can get into an organisation's data.
USER_ACTIONS = {
    "unlock": (services.unlock, "unlock a user", "{} can sign in again"),
    "resend-activation": (services.resend_activation, "send an activation link",
                          "We have e-mailed {} a new activation link"),
    "reset-mobile": (services.reset_mobile, "reset a mobile number",
                     "{}'s mobile number has been removed: they will add a new one when they next sign in"),
}


def _landlord_page(view_kwargs: dict) -> str:
    """After signing in again: the organisation's page (the refused change was a POST)."""
    return url_for(".landlord", landlord_id=view_kwargs["landlord_id"])


@bp.get("/landlords")
@needs_role("officer")
def landlords():
    form = SearchForm()
    found = queries.find_landlords(form.q.data or "") if form.validate() else []
    if form.q.data:
        audit.record_view(LANDLORDS_SEARCHED, object_type="landlords", detail=f"search, {len(found)} found")
    return render("admin/landlords.html", form=form, found=found, limit=queries.SEARCH_LIMIT)


@bp.get("/landlords/<int:landlord_id>")
@needs_role("officer")
def landlord(landlord_id: int):
    return _show(queries.landlord_or_404(landlord_id))


@bp.post("/landlords/<int:landlord_id>/accounts")
@needs_role("officer")
@recent_sign_in("link a landlord reference", back=_landlord_page)
def link_account(landlord_id: int):
    landlord = queries.landlord_or_404(landlord_id)
    form = LinkAccountForm()
    if not form.validate_on_submit():
        return _show(landlord, link_form=form)
    try:
        services.link_account(landlord, form.reference.data, current_user._get_current_object())
    except Refused as problem:
        form.reference.errors.append(str(problem))
        return _show(landlord, link_form=form)
    flash(f"Landlord reference {form.reference.data} is now part of {landlord.name}", "success")
    return redirect(url_for(".landlord", landlord_id=landlord.id), 303)


@bp.post("/landlords/<int:landlord_id>/invitations")
@needs_role("officer")
@recent_sign_in("change whom an organisation may invite", back=_landlord_page)
def landlord_invitations(landlord_id: int):
    landlord = queries.landlord_or_404(landlord_id)
    form = InvitationsForm()
    if not form.validate_on_submit():
        return _show(landlord, invitations_form=form)
    services.set_invitations(landlord, current_user._get_current_object(), any_email=form.any_email.data,
                             domain=form.domain.data)
    flash(f"Whom {landlord.name} may invite has been changed", "success")
    return redirect(url_for(".landlord", landlord_id=landlord.id), 303)


@bp.post("/landlords/<int:landlord_id>/users/<int:user_id>/<any(unlock, 'resend-activation', 'reset-mobile'):action>")
@needs_role("officer")
@recent_sign_in(lambda view_kwargs: USER_ACTIONS[view_kwargs["action"]][1], back=_landlord_page)
def landlord_user_action(landlord_id: int, user_id: int, action: str):
    landlord = queries.landlord_or_404(landlord_id)
    user = queries.user_of_or_404(landlord, user_id)
    change, _, done = USER_ACTIONS[action]
    return _act(landlord, user, change, done)


@bp.route("/landlords/<int:landlord_id>/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@needs_role("officer")
@recent_sign_in("deactivate a user", back=_landlord_page, posts_only=True)
def deactivate_landlord_user(landlord_id: int, user_id: int):
    landlord = queries.landlord_or_404(landlord_id)
    user = queries.user_of_or_404(landlord, user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return render("admin/landlords_deactivate.html", landlord=landlord, user=user, form=form,
                      page_title=f"Deactivate {user.full_name}")
    return _act(landlord, user, services.deactivate, "{}'s account has been deactivated and signed out")


def _act(landlord, user, change, done: str):
    """Do one user action (CSRF was checked app-wide) and go back to the organisation's page."""
    here = url_for(".landlord", landlord_id=landlord.id)
    try:
        change(user, current_user._get_current_object())
    except Refused as problem:
        flash(str(problem))
    else:
        flash(done.format(user.full_name), "success")
    return redirect(here, 303)


def _show(landlord, *, link_form=None, invitations_form=None):
    audit.record_view(LANDLORD_VIEWED, object_type="landlord", object_ref=str(landlord.id), landlord_id=landlord.id)
    users = queries.users_of(landlord)
    invitations_form = invitations_form or InvitationsForm(
        formdata=None, data={"any_email": landlord.invite_any_email, "domain": landlord.invite_domain or ""})
    return render("admin/landlords_show.html", landlord=landlord, users=users,
                  invited=[u for u in users if u.status == "invited"],
                  registrations=queries.registrations_for(landlord), action_form=ActionForm(),
                  link_form=link_form or LinkAccountForm(formdata=None), form=link_form or invitations_form,
                  invitations_form=invitations_form, invite_domain=invitation_domain(landlord.id),
                  page_title=("Error: " if (link_form or invitations_form).errors else "") + landlord.name)
