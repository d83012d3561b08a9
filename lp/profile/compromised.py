"""'Someone else may have used my account': the user's one button that shuts the account until they
choose a new password through their own e-mail, and tells the council and their user managers.

Everything commits together: every session ended, the password unusable, unused sign-in keys dead,
the API tokens the user made revoked, the e-mails (outbox rows) and the audit event."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update

from lp import audit
from lp.audit_actions import USER_REPORTED_COMPROMISED
from lp.auth.tokens import make_token
from lp.extensions import db
from lp.models import ApiToken, OneTimeCode, User
from lp.models.base import utcnow
from lp.notify import absolute_url, queue_email
from lp.sessions import end_session, revoke_all_sessions


def secure_account(user: User) -> None:
    now = utcnow()
    # No hash: the old password (which someone else may know) no longer signs in, and every link
    # made before now dies with it (tokens carry a stamp of the password).
    user.password_hash = None
    user.password_changed_at = now
    revoke_all_sessions(user.id)
    db.session.execute(update(OneTimeCode).where(OneTimeCode.user_id == user.id, OneTimeCode.used_at.is_(None),
                                                 OneTimeCode.expires_at > now).values(expires_at=now))
    # Whoever was in the account could have made a token, and a token outlives every session and the
    # password: the tokens this user made stop now (the organisation makes new ones it trusts).
    revoked = db.session.execute(update(ApiToken).where(ApiToken.created_by_id == user.id, ApiToken.revoked_at.is_(None))
                                 .values(revoked_at=now, revoked_by_id=user.id)).rowcount
    _email_user(user, revoked)
    _email_council(user)
    for manager in _managers(user):
        _email_manager(user, manager)
    audit.record(USER_REPORTED_COMPROMISED, object_type="user", object_ref=str(user.id), user=user,
                 detail="signed out everywhere; a new password is needed"
                 + (f"; {revoked} API token(s) revoked" if revoked else ""))
    end_session()
    db.session.commit()


def _managers(user: User) -> list[User]:
    """Who looks after the account: the organisation's user managers (the council's admins for a council user)."""
    if user.is_council:
        found = select(User).where(User.kind == "council", User.council_role == "admin")
    else:
        found = select(User).where(User.kind == "landlord", User.landlord_id == user.landlord_id)
    found = found.where(User.status == "active", User.id != user.id).order_by(User.id)
    return [u for u in db.session.scalars(found) if u.is_council or u.can("manage_users")]


def _email_user(user: User, revoked_tokens: int) -> None:
    service = current_app.config["LP_SERVICE_NAME"]
    link = absolute_url("auth.reset_password", token=make_token("password_reset", user))
    queue_email(to=user.email, kind="account_secured", subject=f"Choose a new password for {service}", body=(
        f"You told us someone else may have used your {service} account ({user.username}).\n\n"
        "We have signed you out on every device, and your old password no longer works. "
        f"To sign in again, choose a new password:\n\n{link}\n\n"
        "The link works once, for 1 hour. After that, use 'Forgotten your password?' on the sign-in page:\n"
        f"{absolute_url('auth.forgotten_password')}\n\n"
        + (f"We have also revoked the {revoked_tokens} API token(s) you made: a system that used one needs "
           "a new token.\n\n" if revoked_tokens else "") +
        "We have told the council and the people who manage users in your organisation."
    ))


def _email_council(user: User) -> None:
    organisation = user.landlord.name if user.landlord else "the council"
    queue_email(to=current_app.config["LP_BENEFITS_EMAIL"], kind="account_secured_council",
                subject=f"A user reported that someone else may have used their account: {user.username}", body=(
        f"{user.full_name} ({user.username}, {organisation}) told us someone else may have used their account.\n\n"
        "They have been signed out everywhere and must choose a new password before signing in again.\n\n"
        f"Their activity is in the audit log:\n{absolute_url('admin.audit', person=user.username)}"
    ))


def _email_manager(user: User, manager: User) -> None:
    where = absolute_url("admin.audit", person=user.username) if user.is_council else absolute_url("team.activity")
    queue_email(to=manager.email, kind="account_secured_manager",
                subject=f"{user.full_name} reported that someone else may have used their account", body=(
        f"Dear {manager.first_name},\n\n"
        f"{user.full_name} ({user.username}) told us someone else may have used their account.\n\n"
        "We have signed them out everywhere; they must choose a new password before they can sign in again. "
        f"Check the access log for anything you do not recognise:\n{where}"
    ))
