"""The rules of signing in: the password step, the shared failure counter and lock-out, the attempt
kept in the Flask session between steps, sending keys, and finishing with a server-side session."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, session
from sqlalchemy import func, select, update

from lp import audit
from lp import audit_actions as actions  # SIGN_IN_REFUSED below is the message
from lp.auth import keys
from lp.auth.passwords import hash_password, needs_rehash, verify_password
from lp.extensions import db
from lp.models import User
from lp.notify import absolute_url, queue_email, queue_sms
from lp.sessions import clear_session, revoke_all_sessions, start_session
from lp.templating import format_datetime

LOCK_AFTER = 10
ATTEMPT_LIFETIME = timedelta(minutes=30)


def safe_next(value: str | None, default: str) -> str:
    """`next` only when it is a path on this site: never another host, scheme or a `//` trick."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return default
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else default


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def check_password(username: str, password: str, *, kind: str) -> User | None:
    """The user when the password is right and they may sign in here; else None. Unknown, locked,
    deactivated and wrong-portal users get the same None after the same work (one argon2 verify)."""
    user = find_user(username)
    if not verify_password(user.password_hash if user else None, password):
        if user is not None and user.status in ("active", "locked"):
            # Counted while locked too: racing guesses each count, and the count is the truth.
            record_failure(user, actions.SIGN_IN_PASSWORD_FAILED)
        else:
            audit.record(actions.SIGN_IN_PASSWORD_FAILED, object_type="user", object_ref=str(user.id) if user else None,
                         user=user)
        db.session.commit()
        return None
    if user.status != "active" or user.kind != kind:
        audit.record(actions.SIGN_IN_REFUSED, object_type="user", object_ref=str(user.id), user=user,
                     detail=f"status {user.status}, {user.kind} user at the {kind} sign-in")
        db.session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(actions.SIGN_IN_PASSWORD_OK, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()
    return user


def record_failure(user: User, action: str) -> None:
    """Wrong passwords, keys and codes share one counter; the 10th in a row locks the account.

    The database adds one and says the new count (requests racing each other each get their own
    number, none is lost); the lock is a conditional update, so exactly one request locks the
    account and e-mails its owner."""
    failures = db.session.execute(
        update(User).where(User.id == user.id)
        .values(failed_sign_ins=func.coalesce(User.failed_sign_ins, 0) + 1)
        .returning(User.failed_sign_ins)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    audit.record(action, object_type="user", object_ref=str(user.id), user=user, detail=f"failure {failures} in a row")
    locked = failures >= LOCK_AFTER and db.session.execute(
        update(User).where(User.id == user.id, User.status == "active")
        .values(status="locked", locked_at=keys.now())
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.refresh(user)
    if locked:
        revoke_all_sessions(user.id)
        audit.record(actions.USER_LOCKED, object_type="user", object_ref=str(user.id), user=user,
                     detail=f"{failures} failed sign-ins")
        email_locked(user)


def email_locked(user: User) -> None:
    """Tell the owner at once (the sign-in page must not: it would tell a guesser the account
    exists): what happened, when, and the ways back in."""
    service = current_app.config["LP_SERVICE_NAME"]
    when = format_datetime(user.locked_at)
    if user.kind == "council":
        ask = "Ask an admin of the council console to unlock it."
    else:
        ask = ("A user manager in your organisation (your lead user) can unlock it from the team page, "
               "or the council can.")
    queue_email(to=user.email, subject=f"Your {service} account is locked", kind="account_locked", body=(
        f"Your {service} account ({user.username}) was locked on {when}, after {LOCK_AFTER} wrong "
        "passwords or keys in a row.\n\n"
        f"To unlock it, reset your password:\n{absolute_url('auth.forgotten_password')}\n\n"
        f"{ask}\n\n"
        "If these attempts were not yours, someone may know your password: reset it and tell the council."
    ))


# The attempt: who passed the password step, kept in the (signed) Flask session until the end.

def begin_attempt(user: User, *, kind: str, next_url: str | None) -> dict:
    """A fresh session (no cookie contents survive a step) holding a new attempt id."""
    clear_session()
    session["sign_in"] = {"attempt": keys.new_attempt_id(), "user": user.id, "kind": kind,
                          "next": next_url, "at": keys.now().isoformat(), "channel": None}
    return session["sign_in"]


def current_attempt(kind: str) -> tuple[User, dict] | None:
    """The user and attempt of a sign-in in progress, if it is live, of this kind, and the user
    may still sign in (a lock or deactivation mid-attempt ends it)."""
    attempt = session.get("sign_in")
    if not attempt or attempt.get("kind") != kind:
        return None
    if keys.now() - datetime.fromisoformat(attempt["at"]) > ATTEMPT_LIFETIME:
        return None
    user = db.session.get(User, attempt["user"])
    if user is None or user.status != "active" or user.kind != kind:
        return None
    return user, attempt


def key_channel(user: User, wanted: str | None = None) -> str:
    """SMS only to a confirmed mobile; everything else falls back to e-mail."""
    channel = wanted or user.key_method
    return "sms" if channel == "sms" and user.mobile and user.mobile_confirmed else "email"


def send_sign_in_key(user: User, attempt: dict, *, channel: str | None = None) -> str:
    """Queue a new key in the same transaction that stores its hash; returns the channel used."""
    channel = key_channel(user, channel)
    code = keys.issue(user, purpose="sign_in", attempt_id=attempt["attempt"], channel=channel)
    service = current_app.config["LP_SERVICE_NAME"]
    if channel == "sms":
        queue_sms(to=user.mobile, kind="sign_in_key",
                  body=f"Your sign-in key is {code}. It works for 10 minutes. {service}")
    else:
        queue_email(to=user.email, subject=f"Your sign-in key for {service}", kind="sign_in_key", body=(
            f"Your sign-in key is {code}\n\nIt works for 10 minutes, once. Enter it on the page that asked for it.\n\n"
            f"If you did not try to sign in to {service}, someone may know your password: "
            "reset your password and tell the council."
        ))
    audit.record(actions.SIGN_IN_KEY_SENT, object_type="user", object_ref=str(user.id), user=user, detail=channel)
    db.session.commit()
    if session.get("sign_in", {}).get("attempt") == attempt["attempt"]:
        session["sign_in"] = {**session["sign_in"], "channel": channel}
    return channel


def check_key(user: User, attempt: dict, typed: str) -> bool:
    """Spend the key if it is right; a wrong key counts towards the lock like a wrong password."""
    if keys.spend(user, purpose="sign_in", attempt_id=attempt["attempt"], typed=typed):
        return True
    record_failure(user, actions.SIGN_IN_KEY_FAILED)
    db.session.commit()
    return False


def finish_sign_in(user: User, attempt: dict, *, method: str) -> None:
    """A new session id again, this time a server-side session; the failure count starts over."""
    start_session(user)
    # Conditional, like the lock: a right key that races wrong ones must not clear the count of an
    # account they have just locked (the locked user's new session is refused by the loader).
    db.session.execute(
        update(User).where(User.id == user.id, User.status == "active")
        .values(failed_sign_ins=0, last_sign_in_at=keys.now())
        .execution_options(synchronize_session="fetch")
    )
    audit.record(actions.SIGN_IN_SUCCEEDED, object_type="user", object_ref=str(user.id), user=user, detail=method)
    db.session.commit()


def where_to_look(user: User, channel: str) -> str:
    """A hint of where the key went, without spelling out the address: s•••@example.org, ending 982."""
    if channel == "sms":
        return f"the mobile number ending {user.mobile[-3:]}"
    local, _, domain = user.email.partition("@")
    return f"{local[:1]}•••@{domain}"


SIGN_IN_REFUSED = "Enter a correct username and password"
WRONG_KEY = "The key is not right, or it has expired. Check the key or send a new one"
TOO_SOON = "Wait 30 seconds before you ask for another key"


def key_page_context(user: User, attempt: dict) -> dict:
    """Where the key went, where else to look, and the other way to get one if the user has it."""
    channel = attempt.get("channel") or key_channel(user)
    other = None
    if channel == "email" and user.mobile and user.mobile_confirmed:
        other = "sms"
    elif channel == "sms":
        other = "email"
    return {"channel": channel, "sent_to": where_to_look(user, channel), "other_channel": other,
            "mail_from": current_app.config["LP_MAIL_FROM"]}


def resend_key(user: User, attempt: dict, *, channel: str | None) -> None:
    """'Send a new key': the same way again at most every 30 seconds (switching between e-mail and
    text message is not held back: the first way may be the one that does not work)."""
    wanted = channel if channel in ("email", "sms") else attempt.get("channel")
    same_way = key_channel(user, wanted) == attempt.get("channel")
    if same_way and not keys.may_resend(user, purpose="sign_in", attempt_id=attempt["attempt"]):
        flash(TOO_SOON)
        return
    used = send_sign_in_key(user, attempt, channel=wanted)
    flash(f"We have sent a new key to {where_to_look(user, used)}", "success")


def email_activation_link(user: User, opening: str) -> None:
    """Queue the e-mail that lets a landlord user activate their account (the link lasts 24 hours).
    `opening` says why it comes; "{service}" in it is the service's name."""
    from lp.auth.tokens import activation_url

    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(
        to=user.email, subject=f"Set up your {service} account",
        body=(f"{opening.format(service=service)}\n\n"
              f"Your username is: {user.username}\n\n"
              f"Use this link to set your password and activate your account:\n{activation_url(user)}\n\n"
              "The link works once, within 24 hours. If it has expired, contact the council."),
        kind="account_activation",
    )
