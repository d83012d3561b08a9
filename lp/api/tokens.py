"""API tokens: made with a secret shown once, found by the SHA-256 of the bearer value, listed and
revoked by their organisation (and by the council)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import Select, select

from lp import audit
from lp.audit_actions import API_TOKEN_CREATED, API_TOKEN_REVOKED
from lp.extensions import db
from lp.models import API_PERMISSIONS, ApiToken, Landlord, User
from lp.models.base import utcnow

PREFIX = "lp_"
MAX_DAYS = 366  # "up to a year", a leap year included
LIFETIMES = {"30": "30 days", "90": "90 days", "180": "6 months", "365": "1 year"}
DEMO_NAME = "Demo token (make run)"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def describe(permission: str) -> str:
    return API_PERMISSIONS.get(permission, permission)


def grantable(user: User) -> dict[str, str]:
    """The data a user may put in a token: only what they may see themselves."""
    return {key: label for key, label in API_PERMISSIONS.items() if user.can(key)}


def create(user: User, *, name: str, permissions, days: int) -> tuple[ApiToken, str]:
    """A new token of the user's organisation, and its secret (256 random bits), to show once.

    The secret is not kept: only its SHA-256, which is enough because it is random and long (a slow
    password hash would buy nothing and cost every call).
    """
    wanted = [p for p in API_PERMISSIONS if p in set(permissions)]
    if not wanted or not set(wanted) <= set(grantable(user)) or not 0 < days <= MAX_DAYS:
        raise ValueError("a token needs some data the user may see, and at most a year")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(landlord_id=user.landlord_id, name=name.strip(), secret_hash=_digest(secret),
                     hint=secret[:8], permissions=" ".join(wanted), created_by_id=user.id,
                     expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    audit.record(API_TOKEN_CREATED, object_type="api_token", object_ref=str(token.id),
                 detail=f"{token.permissions}; expires {token.expires_at:%Y-%m-%d}", user=user)
    db.session.commit()
    return token, secret


def live_token(secret: str | None) -> ApiToken | None:
    """The token this bearer value is, if it is live (not revoked, not expired)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == _digest(secret)))
    return token if token is not None and token.is_live() else None


def revoke(token: ApiToken, by: User) -> None:
    """Revoked at once: the next call with it is refused. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by_id = utcnow(), by.id
        audit.record(API_TOKEN_REVOKED, object_type="api_token", object_ref=str(token.id), user=by,
                     landlord_id=token.landlord_id)
    db.session.commit()


def tokens_of(landlord_id: int) -> list[ApiToken]:
    """The organisation's tokens, live ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.landlord_id == landlord_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())))


def token_of(landlord_id: int, token_id: int) -> ApiToken:
    """One of the organisation's tokens; another organisation's is not found (404)."""
    return db.first_or_404(select(ApiToken).where(ApiToken.landlord_id == landlord_id, ApiToken.id == token_id))


def token_by_id(token_id: int) -> ApiToken:
    """Any organisation's token, for the council (404 if there is none)."""
    return db.get_or_404(ApiToken, token_id)


def every_token() -> Select:
    """Every organisation's tokens with the organisation, for the council: live first, newest first."""
    return (select(ApiToken, Landlord).join(Landlord, ApiToken.landlord_id == Landlord.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()))


def demo_token(user: User) -> str:
    """Development only (lp demo): a new token of the demo lead on each run, the last one revoked,
    since lp keeps no secret it could print twice."""
    for old in db.session.scalars(select(ApiToken).where(
            ApiToken.landlord_id == user.landlord_id, ApiToken.name == DEMO_NAME, ApiToken.revoked_at.is_(None))):
        revoke(old, user)
    return create(user, name=DEMO_NAME, permissions=list(grantable(user)), days=30)[1]
