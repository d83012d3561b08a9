"""Team pages: the organisation's users and invitations, invite, change a user, deactivate, and the CSV."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs, recent_sign_in
from lp.audit_actions import USERS_EXPORTED
from lp.errors import Refused
from lp.exports import csv_response
from lp.htmx import render
from lp.models import PERMISSIONS
from lp.team import bp, queries, services
from lp.team.forms import ConfirmForm, InviteForm, PermissionsForm


def _back_to_team(view_kwargs: dict) -> str:
    """After signing in again: the user's page for a refused change to them, else the team list."""
    if request.method == "GET":
        return request.path
    user_id = view_kwargs.get("user_id")
    return url_for("team.show", user_id=user_id) if user_id else url_for("team.index")


# Every change to the organisation's users needs a sign-in within the last 15 minutes.
changes_users = recent_sign_in("change your organisation’s users", back=_back_to_team)


def _actor():
    return current_user._get_current_object()


def _act(action, user, success: str):
    """Run a service change; its rule message, or the success, is shown on the user's page."""
    try:
        action(_actor(), user)
    except Refused as broken:
        flash(str(broken), "error")
        return redirect(url_for("team.show", user_id=user.id), 303)
    flash(success, "success")
    return redirect(url_for("team.index"), 303)


@bp.get("")
@needs("manage_users")
def index():
    return render("team/index.html", members=queries.members(g.landlord_id),
                  invitations=queries.invitations(g.landlord_id), permissions=PERMISSIONS,
                  seats=queries.seats_taken(g.landlord_id), limit=current_app.config["LP_MAX_USERS"],
                  confirm=ConfirmForm())


@bp.route("/invite", methods=["GET", "POST"])
@needs("manage_users")
@changes_users
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = services.invite(_actor(), first_name=form.first_name.data, last_name=form.last_name.data,
                                   email=form.email.data, permissions=form.permissions.data)
        except Refused as broken:
            if broken.field is None:
                flash(str(broken), "error")
                return redirect(url_for("team.index"), 303)
            form[broken.field].errors.append(str(broken))
        else:
            flash(f"We have e-mailed {user.full_name} an invitation. Their username is {user.username}.", "success")
            return redirect(url_for("team.index"), 303)
    limit = current_app.config["LP_MAX_USERS"]
    if queries.seats_taken(g.landlord_id) >= limit:
        # No form to fill in that could only be refused: say why, and what frees a place.
        return render("team/invite.html", form=form, full=True, limit=limit)
    return render("team/invite.html", form=form, permissions=PERMISSIONS,
                  domain=queries.invitation_domain(g.landlord_id))


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@needs("manage_users")
def show(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    form = PermissionsForm(data={"permissions": sorted(user.permission_set)})
    if request.method == "POST":
        return _change_permissions(user_id=user_id)
    return render("team/show.html", user=user, form=form, permissions=PERMISSIONS, confirm=ConfirmForm())


@changes_users
def _change_permissions(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    form = PermissionsForm()
    if not form.validate_on_submit():
        return render("team/show.html", user=user, form=form, permissions=PERMISSIONS, confirm=ConfirmForm())
    return _act(lambda actor, u: services.set_permissions(actor, u, form.permissions.data), user,
                f"What {user.full_name} can do has been changed. It applies from their next page.")


@bp.post("/<int:user_id>/reset-mobile")
@needs("manage_users")
@changes_users
def reset_mobile(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    return _act(services.reset_mobile, user,
                f"{user.full_name}’s mobile number has been removed. They will add a new one when they next sign in.")


@bp.post("/<int:user_id>/unlock")
@needs("manage_users")
@changes_users
def unlock(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    return _act(services.unlock, user, f"{user.full_name} can sign in again.")


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@needs("manage_users")
@changes_users
def deactivate(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _act(services.deactivate, user, f"{user.full_name} has been deactivated and signed out.")
    return render("team/deactivate.html", user=user, form=form)


@bp.post("/<int:user_id>/resend")
@needs("manage_users")
@changes_users
def resend(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    return _act(services.resend, user, f"We have e-mailed {user.full_name} a new invitation link.")


@bp.post("/<int:user_id>/cancel")
@needs("manage_users")
@changes_users
def cancel(user_id: int):
    user = queries.member_for(g.landlord_id, user_id)
    return _act(services.cancel, user, f"The invitation to {user.full_name} has been cancelled.")


@bp.get("/users.csv")
@needs("manage_users")
def export():
    audit.record_and_commit(USERS_EXPORTED, object_type="users", detail="users.csv")
    header = ["Username", "First name", "Last name", "E-mail", "Status", *PERMISSIONS.values(), "Last sign-in"]
    return csv_response("users.csv", header, queries.user_rows(g.landlord_id))
