"""Signed one-time links (activation, password reset, e-mail change): itsdangerous with a salt per
purpose, a maximum age, single use (a SpentToken row), and dead once the user's password changes."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from lp.extensions import db
from lp.models import SpentToken, User

MAX_AGE = {
    "activation": timedelta(hours=24),
    "invitation": timedelta(days=2),
    "password_reset": timedelta(hours=1),
    "email_change": timedelta(hours=24),
}


class TokenInvalid(Exception):
    """The link is unknown, tampered with, expired, used, or overtaken by a password change."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"lp.{purpose}")


def _password_stamp(user: User) -> str:
    """Changes whenever the password does, so earlier reset links die with the old password."""
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_token(purpose: str, user: User, **extra) -> str:
    payload = {"u": user.id, "p": _password_stamp(user), "n": secrets.token_hex(8), **extra}
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, *, now_seconds: float | None = None) -> tuple[User, dict]:
    """The user and payload of a live token, or TokenInvalid. Does not spend it."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=int(MAX_AGE[purpose].total_seconds())
        ) if now_seconds is None else _loads_at(purpose, token, now_seconds)
    except (SignatureExpired, BadSignature) as error:
        raise TokenInvalid(purpose) from error
    if db.session.get(SpentToken, _digest(token)) is not None:
        raise TokenInvalid(purpose)
    user = db.session.get(User, payload.get("u"))
    if user is None or user.status == "deactivated" or payload.get("p") != _password_stamp(user):
        raise TokenInvalid(purpose)
    return user, payload


def spend_token(purpose: str, token: str) -> None:
    """Mark the token used, in the caller's transaction. A second spend raises TokenInvalid."""
    db.session.add(SpentToken(digest=_digest(token), purpose=purpose))
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise TokenInvalid(purpose) from error


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _loads_at(purpose: str, token: str, now_seconds: float):
    """Check age against a given clock (tests move the clock instead of sleeping)."""
    serializer = _serializer(purpose)
    payload, signed_at = serializer.loads(token, return_timestamp=True)
    if now_seconds - signed_at.timestamp() > MAX_AGE[purpose].total_seconds():
        raise SignatureExpired("expired")
    return payload


def activation_url(user: User, purpose: str = "activation") -> str:
    """The absolute link that lets an invited user choose a password (registration approval uses
    "activation", 24 hours; an organisation's invitation "invitation", 2 days). Works in a CLI too."""
    if purpose not in ("activation", "invitation"):
        raise ValueError(f"not an activation purpose: {purpose}")
    from lp.notify import absolute_url

    return absolute_url("auth.activate", token=make_token(purpose, user))
