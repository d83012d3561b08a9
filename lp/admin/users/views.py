"""Council users (/admin/users, admin only): invite, change role, reset the authenticator, deactivate."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lp.access import needs_role, recent_sign_in
from lp.admin import bp
from lp.admin.users import queries, services
from lp.admin.users.forms import ROLE_HINTS, ActionForm, InviteForm, RoleForm
from lp.errors import Refused
from lp.htmx import render
from lp.models import User


def _user_page(view_kwargs: dict) -> str:
    """After signing in again: the council user's page (the refused change was a POST)."""
    return url_for(".council_user", user_id=view_kwargs["user_id"])


@bp.get("/users")
@needs_role()
def users():
    return render("admin/users.html", people=queries.council_users(), page_title="Council users")


@bp.route("/users/invite", methods=["GET", "POST"])
@needs_role()
@recent_sign_in("invite a council user", posts_only=True)
def invite_user():
    form = InviteForm()
    if form.validate_on_submit():
        user = services.invite(first_name=form.first_name.data, last_name=form.last_name.data,
                               email=form.email.data, role=form.role.data, admin=_me())
        flash(f"We have e-mailed {user.full_name} an invitation. Their username is {user.username}", "success")
        return redirect(url_for(".users"), 303)
    return render("admin/users_invite.html", form=form, hints=ROLE_HINTS,
                  page_title=("Error: " if form.errors else "") + "Invite a council user")


@bp.get("/users/<int:user_id>")
@needs_role()
def council_user(user_id: int):
    return _show(queries.council_user_or_404(user_id))


@bp.post("/users/<int:user_id>/role")
@needs_role()
@recent_sign_in("change a role", back=_user_page)
def change_role(user_id: int):
    user = queries.council_user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _show(user, role_form=form)
    return _act(user, lambda u, me: services.change_role(u, form.role.data, me), "{}'s role has been changed")


@bp.post("/users/<int:user_id>/reset-authenticator")
@needs_role()
@recent_sign_in("reset an authenticator", back=_user_page)
def reset_authenticator(user_id: int):
    return _act(queries.council_user_or_404(user_id), services.reset_authenticator,
                "{} will set up their authenticator app again when they next sign in")


@bp.post("/users/<int:user_id>/deactivate")
@needs_role()
@recent_sign_in("deactivate a user", back=_user_page)
def deactivate_council_user(user_id: int):
    return _act(queries.council_user_or_404(user_id), services.deactivate_council_user,
                "{}'s account has been deactivated and signed out")


def _act(user: User, change, done: str):
    here = url_for(".council_user", user_id=user.id)
    try:
        change(user, _me())
    except Refused as problem:
        flash(str(problem))
    else:
        flash(done.format(user.full_name), "success")
    return redirect(here, 303)


def _show(user: User, *, role_form=None):
    return render("admin/users_show.html", person=user, hints=ROLE_HINTS, action_form=ActionForm(),
                  role_form=role_form or RoleForm(formdata=None, role=user.council_role), form=role_form,
                  yourself=user.id == current_user.id, page_title=user.full_name)


def _me() -> User:
    return current_user._get_current_object()
