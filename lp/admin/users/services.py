"""Managing council users: invite, change role, reset the authenticator, deactivate. Never oneself."""
from __future__ import annotations

from types import SimpleNamespace

from flask import current_app

from lp import audit
from lp.admin.landlords.services import deactivate
from lp.admin.registrations.services import unique_username
from lp.audit_actions import COUNCIL_USER_AUTHENTICATOR_RESET, COUNCIL_USER_INVITED, COUNCIL_USER_ROLE_CHANGED
from lp.auth.tokens import activation_url
from lp.errors import Refused
from lp.extensions import db
from lp.models import COUNCIL_ROLES, User
from lp.notify import absolute_url, queue_email

__all__ = ["change_role", "deactivate_council_user", "invite", "reset_authenticator"]


def invite(*, first_name: str, last_name: str, email: str, role: str, admin: User) -> User:
    username = unique_username(SimpleNamespace(first_name=first_name, last_name=last_name, email=email))
    user = User(kind="council", council_role=role, status="invited", username=username, email=email,
                first_name=first_name, last_name=last_name, key_method="totp", invited_by_id=admin.id)
    db.session.add(user)
    db.session.flush()
    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(
        to=email, subject=f"You have been invited to the {service} council console",
        body=(f"{admin.full_name} has given you the {COUNCIL_ROLES[role]} role in the {service} council console.\n\n"
              f"Your username is: {username}\n\n"
              f"Use this link to choose your password:\n{activation_url(user)}\n\n"
              "The link works once, within 24 hours. Then sign in at "
              f"{absolute_url('admin_auth.sign_in')}: you will set up an authenticator app on your phone."),
        kind="council_invitation",
    )
    _done(COUNCIL_USER_INVITED, user, admin, detail=f"role {role}")
    return user


def change_role(user: User, role: str, admin: User) -> None:
    _not_yourself(user, admin, "change your own role")
    before, user.council_role = user.council_role, role
    _done(COUNCIL_USER_ROLE_CHANGED, user, admin, detail=f"{before} to {role}")


def reset_authenticator(user: User, admin: User) -> None:
    """They set up the app again at their next sign-in (the secret is gone, so the old app's codes fail)."""
    user.totp_secret, user.totp_last_step = None, None
    _done(COUNCIL_USER_AUTHENTICATOR_RESET, user, admin)


def deactivate_council_user(user: User, admin: User) -> None:
    _not_yourself(user, admin, "deactivate yourself")
    deactivate(user, admin)


def _not_yourself(user: User, admin: User, what: str) -> None:
    if user.id == admin.id:
        raise Refused(f"You cannot {what}. Ask another admin")


def _done(action: str, user: User, admin: User, detail: str | None = None) -> None:
    audit.record(action, object_type="user", object_ref=str(user.id), detail=detail, user=admin, landlord_id=None)
    db.session.commit()
