"""Activation, forgotten username and password reset: the same answer and the same work whether or
not an account matches (no enumeration); links are single use and die with a password change."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from lp import audit
from lp.audit_actions import (
    USER_ACTIVATED,
    USER_MOBILE_CODE_SENT,
    USER_MOBILE_CONFIRMED,
    USER_PASSWORD_RESET,
    USER_PASSWORD_RESET_REQUESTED,
    USER_UNLOCKED,
    USER_USERNAME_REMINDER_SENT,
)
from lp.auth import keys
from lp.auth.passwords import hash_password
from lp.auth.tokens import TokenInvalid, make_token, read_token, spend_token
from lp.extensions import db
from lp.models import User
from lp.notify import absolute_url, queue_email, queue_sms
from lp.sessions import revoke_all_sessions

ACTIVATION_PURPOSES = ("activation", "invitation")
RECOVERABLE = ("active", "locked")  # an invited user activates; a deactivated one asks the council


def read_activation(token: str) -> tuple[User, str]:
    """The invited user and the token's purpose; TokenInvalid when neither purpose reads it."""
    for purpose in ACTIVATION_PURPOSES:
        try:
            user, _ = read_token(purpose, token)
        except TokenInvalid:
            continue
        if user.status == "invited":
            return user, purpose
    raise TokenInvalid("activation")


def activate(token: str, *, password: str, key_method: str, mobile: str | None) -> User:
    """Spend the link, set the password and make the account active. With SMS chosen, the mobile
    is kept unconfirmed and a code sent: keys go by e-mail until the code comes back."""
    user, purpose = read_activation(token)
    spend_token(purpose, token)
    _set_password(user, password)
    user.status = "active"
    user.key_method = "email"
    audit.record(USER_ACTIVATED, object_type="user", object_ref=str(user.id), user=user)
    if key_method == "sms" and mobile:
        user.mobile, user.mobile_confirmed = mobile, False
    db.session.commit()
    return user


def send_mobile_code(user: User, attempt_id: str) -> None:
    code = keys.issue(user, purpose="confirm_mobile", attempt_id=attempt_id, channel="sms", target=user.mobile)
    queue_sms(to=user.mobile, kind="confirm_mobile",
              body=f"Your code to confirm this mobile is {code}. It works for 10 minutes. "
                   f"{current_app.config['LP_SERVICE_NAME']}")
    audit.record(USER_MOBILE_CODE_SENT, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()


def confirm_mobile(user: User, attempt_id: str, typed: str) -> bool:
    code = keys.spend(user, purpose="confirm_mobile", attempt_id=attempt_id, typed=typed)
    if code is None or code.target != user.mobile:
        db.session.commit()
        return False
    user.mobile_confirmed = True
    user.key_method = "sms"
    audit.record(USER_MOBILE_CONFIRMED, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()
    return True


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = keys.now()


def remind_username(email: str) -> None:
    """E-mail the usernames on this address, if any; the caller always says the same thing."""
    users = _recoverable(User.email, email)
    for user in users:
        queue_email(to=user.email, kind="username_reminder", subject="Your username", body=(
            f"Your username for {current_app.config['LP_SERVICE_NAME']} is: {user.username}\n\n"
            f"Sign in at {absolute_url('auth.sign_in')}\n\nIf you did not ask for this, you can ignore this e-mail."
        ))
        audit.record(USER_USERNAME_REMINDER_SENT, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()


def send_reset_links(username_or_email: str) -> None:
    """A reset link to the account with this username, or to each account on this e-mail address."""
    value = username_or_email.strip()
    column = User.email if "@" in value else User.username
    for user in _recoverable(column, value):
        link = absolute_url("auth.reset_password", token=make_token("password_reset", user))
        queue_email(to=user.email, kind="password_reset", subject="Reset your password", body=(
            f"To choose a new password for the username {user.username}, open this link:\n\n{link}\n\n"
            "The link works once, for 1 hour. If you did not ask for this, you can ignore this e-mail: "
            "your password has not changed."
        ))
        audit.record(USER_PASSWORD_RESET_REQUESTED, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()


def _recoverable(column, value: str) -> list[User]:
    return list(db.session.scalars(
        select(User).where(func.lower(column) == value.strip().lower(), User.status.in_(RECOVERABLE))
        .order_by(User.id)
    ))


def read_reset(token: str) -> User:
    user, _ = read_token("password_reset", token)
    if user.status not in RECOVERABLE:
        raise TokenInvalid("password_reset")
    return user


def reset_password(token: str, password: str) -> User:
    """Spend the link, change the password, unlock, and end every session of the account."""
    user = read_reset(token)
    spend_token("password_reset", token)
    _set_password(user, password)
    if user.status == "locked":
        user.status, user.locked_at = "active", None
        audit.record(USER_UNLOCKED, object_type="user", object_ref=str(user.id), user=user, detail="password reset")
    user.failed_sign_ins = 0
    revoke_all_sessions(user.id)
    audit.record(USER_PASSWORD_RESET, object_type="user", object_ref=str(user.id), user=user)
    queue_email(to=user.email, kind="password_changed", subject="Your password has changed", body=(
        f"The password for your username {user.username} has just been changed.\n\n"
        "If this was not you, contact the council straight away."
    ))
    db.session.commit()
    return user



def mobile_taken(form, user: User) -> bool:
    """A live account already uses the number (the database refuses it too); adds the form error."""
    if form.key_method.data != "sms" or not form.mobile.data:
        return False
    taken = db.session.scalar(select(User.id).where(
        User.mobile == form.mobile.data, User.status != "deactivated", User.id != user.id).limit(1))
    if taken:
        form.mobile.errors.append("This mobile number is used by another account. Enter a different number")
    return taken is not None
