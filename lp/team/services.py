"""Changes to an organisation's users, with the team's rules: never yourself, always one user
manager left, at most LP_MAX_USERS users and invitations. Each change is audited and committed here.

Every change starts by locking the organisation's row, so two managers acting at once are taken one
after the other and the rules are checked against what the first one did.
"""
from __future__ import annotations

import re
import unicodedata

from flask import current_app
from sqlalchemy import update

from lp import audit
from lp.audit_actions import (
    TEAM_DEACTIVATED,
    TEAM_INVITATION_CANCELLED,
    TEAM_INVITATION_RESENT,
    TEAM_INVITED,
    TEAM_MOBILE_RESET,
    TEAM_PERMISSIONS_CHANGED,
    TEAM_UNLOCKED,
)
from lp.auth.tokens import activation_url
from lp.errors import Refused
from lp.extensions import db
from lp.models import Landlord, User
from lp.models.base import utcnow
from lp.notify import queue_email
from lp.sessions import revoke_all_sessions
from lp.team import queries


def _lock_organisation(landlord_id: int) -> None:
    # A write to the landlord's row: PostgreSQL holds a row lock, SQLite the write lock, until commit.
    db.session.execute(update(Landlord).where(Landlord.id == landlord_id).values(name=Landlord.name))


def _refuse(message: str, field: str | None = None):
    db.session.rollback()
    raise Refused(message, field)


def _not_yourself(actor: User, user: User, what: str) -> None:
    if actor.id == user.id:
        _refuse(f"You cannot {what} yourself. Ask another user manager in your organisation.")


def _keep_a_manager(landlord_id: int) -> None:
    """Checked after the change, before the commit: one active user must still manage users."""
    db.session.flush()
    if queries.active_managers(landlord_id) < 1:
        _refuse("Your organisation must keep at least one active user who can manage users.")


def invite(actor: User, *, first_name: str, last_name: str, email: str, permissions) -> User:
    _lock_organisation(actor.landlord_id)
    limit = current_app.config["LP_MAX_USERS"]
    if queries.seats_taken(actor.landlord_id) >= limit:
        _refuse(f"Your organisation already has {limit} users and invitations, the most it can have. "
                "Deactivate a user or cancel an invitation first.")
    domain = queries.invitation_domain(actor.landlord_id)
    if domain and queries.domain_of(email) != domain:
        _refuse(f"Enter an e-mail address that ends in @{domain}", field="email")
    if queries.live_email_taken(actor.landlord_id, email):
        _refuse("Someone in your organisation already has an account or an invitation with this e-mail address",
                field="email")
    user = User(kind="landlord", status="invited", landlord_id=actor.landlord_id, username=new_username(first_name, last_name),
                email=email, first_name=first_name, last_name=last_name, key_method="email",
                invited_by_id=actor.id, alerts_email=True, alerts_sms=False)
    user.set_permissions(permissions)
    db.session.add(user)
    db.session.flush()
    _email_invitation(user, actor)
    audit.record(TEAM_INVITED, object_type="user", object_ref=str(user.id), detail=user.permissions)
    db.session.commit()
    return user


def resend(actor: User, user: User) -> None:
    if user.status != "invited":
        _refuse("This user has already set up their account.")
    _email_invitation(user, actor)
    audit.record(TEAM_INVITATION_RESENT, object_type="user", object_ref=str(user.id))
    db.session.commit()


def cancel(actor: User, user: User) -> None:
    """The invitation's links die with it: a link only works for a user who is still invited."""
    _lock_organisation(actor.landlord_id)
    if user.status != "invited":
        _refuse("This user has already set up their account. Deactivate them instead.")
    user.status, user.deactivated_at = "deactivated", utcnow()
    audit.record(TEAM_INVITATION_CANCELLED, object_type="user", object_ref=str(user.id))
    db.session.commit()


def set_permissions(actor: User, user: User, permissions) -> None:
    """Permissions are read from the row on every request, so this applies at the user's next click."""
    _lock_organisation(actor.landlord_id)
    _not_yourself(actor, user, "change what you can do")
    before = user.permissions
    user.set_permissions(permissions)
    _keep_a_manager(actor.landlord_id)
    audit.record(TEAM_PERMISSIONS_CHANGED, object_type="user", object_ref=str(user.id),
                 detail=f"{before or 'none'} -> {user.permissions or 'none'}")
    db.session.commit()


def reset_mobile(actor: User, user: User) -> None:
    """They enter and confirm a new number at their next sign-in; keys go by e-mail until then."""
    _not_yourself(actor, user, "reset the mobile number of")
    if user.status == "invited":
        _refuse("This user has not set up their account yet.")
    user.mobile, user.mobile_confirmed, user.mobile_reset_requested = None, False, True
    user.key_method = "email"
    user.alerts_sms = False
    audit.record(TEAM_MOBILE_RESET, object_type="user", object_ref=str(user.id))
    db.session.commit()


def unlock(actor: User, user: User) -> None:
    if user.status != "locked":
        _refuse("This user is not locked.")
    user.status, user.failed_sign_ins, user.locked_at = "active", 0, None
    audit.record(TEAM_UNLOCKED, object_type="user", object_ref=str(user.id))
    db.session.commit()


def deactivate(actor: User, user: User) -> None:
    """Gone from the team at once: sessions end, the mobile number is free, the e-mail can be invited again."""
    _lock_organisation(actor.landlord_id)
    _not_yourself(actor, user, "deactivate")
    user.status, user.deactivated_at, user.mobile, user.mobile_confirmed = "deactivated", utcnow(), None, False
    _keep_a_manager(actor.landlord_id)
    revoke_all_sessions(user.id)
    audit.record(TEAM_DEACTIVATED, object_type="user", object_ref=str(user.id))
    db.session.commit()


def new_username(first_name: str, last_name: str) -> str:
    """first.last in plain lower-case letters, with a number added when it is taken: sam.shah2."""
    def plain(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", ascii_text.lower())

    base = ".".join(part for part in (plain(first_name), plain(last_name)) if part)[:70] or "user"
    candidate, number = base, 1
    while queries.username_taken(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _email_invitation(user: User, actor: User) -> None:
    service = current_app.config["LP_SERVICE_NAME"]
    organisation = db.session.get(Landlord, user.landlord_id).name
    queue_email(
        to=user.email, kind="team_invitation", subject=f"You have been invited to the {service}",
        body=(f"{actor.full_name} has invited you to use the {service} for {organisation}.\n\n"
              f"Your username is: {user.username}\n\n"
              f"Set up your account within 2 days. The link works once:\n{activation_url(user, purpose='invitation')}\n\n"
              "If you were not expecting this e-mail, you can ignore it."),
    )
