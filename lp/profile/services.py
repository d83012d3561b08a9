"""Changes to a user's own profile: each is audited and announced by e-mail to the user."""
from __future__ import annotations

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lp import audit
from lp.audit_actions import (
    PROFILE_ALERTS_CHANGED,
    PROFILE_EMAIL_CHANGE_REQUESTED,
    PROFILE_EMAIL_CHANGED,
    PROFILE_KEY_METHOD_CHANGED,
    PROFILE_MOBILE_CHANGED,
    PROFILE_PASSWORD_CHANGED,
)
from lp.auth import keys
from lp.auth.passwords import hash_password
from lp.auth.tokens import make_token, read_token, spend_token
from lp.errors import Refused
from lp.extensions import db
from lp.models import User
from lp.models.base import utcnow
from lp.notify import absolute_url, queue_email, queue_sms
from lp.sessions import revoke_all_sessions, start_session

MOBILE_ATTEMPT = "profile_mobile_attempt"


MOBILE_TAKEN = "This mobile number is already used by another account"


def _announce(user: User, what: str, *, to: str | None = None) -> None:
    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(
        to=to or user.email, subject=f"Your {service} account: {what}",
        body=(f"{what.capitalize()} on your {service} account.\n\n"
              "If you did not do this, contact the council at once."),
        kind="profile_changed",
    )


def request_email_change(user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is used."""
    link = absolute_url("profile.confirm_email", token=make_token("email_change", user, email=new_email))
    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(
        to=new_email, subject=f"Confirm your new e-mail address for the {service}",
        body=(f"Someone asked to use this e-mail address for their {service} account.\n\n"
              f"If it was you, confirm it with this link (it works once, within 24 hours):\n{link}\n\n"
              "If it was not you, ignore this e-mail: nothing will change."),
        kind="email_change_confirm",
    )
    audit.record(PROFILE_EMAIL_CHANGE_REQUESTED, object_type="user", object_ref=str(user.id))
    db.session.commit()


def email_change_for(user: User, token: str) -> str:
    """The new address a live link of this user's carries; TokenInvalid otherwise."""
    from lp.auth.tokens import TokenInvalid

    owner, payload = read_token("email_change", token)
    if owner.id != user.id or not payload.get("email"):
        raise TokenInvalid("email_change")
    return payload["email"]


def apply_email_change(user: User, token: str) -> None:
    new_email = email_change_for(user, token)
    spend_token("email_change", token)
    old_email, user.email = user.email, new_email
    _announce(user, "your e-mail address was changed", to=old_email)
    _announce(user, "your e-mail address was changed")
    audit.record(PROFILE_EMAIL_CHANGED, object_type="user", object_ref=str(user.id))
    db.session.commit()


def send_mobile_code(user: User, mobile: str) -> None:
    if db.session.scalar(select(User.id).where(
        User.mobile == mobile, User.status != "deactivated", User.id != user.id,
    )):
        raise Refused(MOBILE_TAKEN, "mobile")
    attempt_id = keys.new_attempt_id()
    code = keys.issue(user, purpose="confirm_mobile", attempt_id=attempt_id, channel="sms", target=mobile)
    queue_sms(to=mobile, body=f"{code} is your code to confirm this mobile for the "
                              f"{current_app.config['LP_SERVICE_NAME']}. It expires in 10 minutes.",
              kind="confirm_mobile")
    db.session.commit()
    session[MOBILE_ATTEMPT] = attempt_id


def pending_mobile() -> bool:
    return MOBILE_ATTEMPT in session


def confirm_mobile(user: User, typed: str) -> bool:
    """Apply the mobile the code was sent to; False (and one more wrong try) when it does not match."""
    code = keys.spend(user, purpose="confirm_mobile", attempt_id=session.get(MOBILE_ATTEMPT, ""), typed=typed)
    if code is None:
        db.session.commit()
        return False
    user.mobile, user.mobile_confirmed, user.mobile_reset_requested = code.target, True, False
    _announce(user, "your mobile number was changed")
    audit.record(PROFILE_MOBILE_CHANGED, object_type="user", object_ref=str(user.id))
    try:
        db.session.commit()
    except IntegrityError as error:  # someone else confirmed the same number meanwhile
        db.session.rollback()
        raise Refused(MOBILE_TAKEN, "code") from error
    session.pop(MOBILE_ATTEMPT, None)
    return True


def set_key_method(user: User, method: str) -> None:
    user.key_method = method
    _announce(user, "how you get sign-in keys was changed")
    audit.record(PROFILE_KEY_METHOD_CHANGED, object_type="user", object_ref=str(user.id), detail=method)
    db.session.commit()


def set_alerts(user: User, *, email: bool, sms: bool) -> None:
    user.alerts_email, user.alerts_sms = email, sms
    _announce(user, "your new-letter alerts were changed")
    audit.record(PROFILE_ALERTS_CHANGED, object_type="user", object_ref=str(user.id),
                 detail=f"email={'on' if email else 'off'} sms={'on' if sms else 'off'}")
    db.session.commit()


def change_password(user: User, new_password: str) -> None:
    """New hash, every session ended (this one too), then a fresh session for this browser."""
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    revoke_all_sessions(user.id)
    start_session(user)
    _announce(user, "your password was changed")
    audit.record(PROFILE_PASSWORD_CHANGED, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()
