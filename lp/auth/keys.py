"""One-time codes (sign-in keys, mobile confirmation codes): 6 digits from `secrets`, stored as an
HMAC, valid 10 minutes, single use, bound to one attempt, dead after 5 wrong tries, 5 live at most."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from lp.extensions import db
from lp.models import OneTimeCode, User
from lp.models import base as _clock

LIFETIME = timedelta(minutes=10)
MAX_TRIES = 5
MAX_LIVE = 5
RESEND_AFTER = timedelta(seconds=30)


def now() -> datetime:
    """The clock every rule here reads; tests move it by patching lp.models.base.utcnow."""
    return _clock.utcnow()


def new_attempt_id() -> str:
    return secrets.token_urlsafe(24)


def _hash(code: str, attempt_id: str) -> str:
    # Keyed and bound to the attempt: a leaked table gives neither the keys nor a way to test them.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{attempt_id}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise(typed: str | None) -> str:
    """What people paste: spaces, dashes and the like removed."""
    return re.sub(r"[\s-]", "", typed or "")


def _live(user_id: int, purpose: str, at: datetime):
    return (
        select(OneTimeCode)
        .where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > at,
            OneTimeCode.tries < MAX_TRIES,
        )
        .order_by(OneTimeCode.created_at, OneTimeCode.id)
    )


def issue(user: User, *, purpose: str, attempt_id: str, channel: str, target: str | None = None) -> str:
    """Create a code and return it (once, to put in a message). Keeps at most MAX_LIVE live ones."""
    at = now()
    live = list(db.session.scalars(_live(user.id, purpose, at)))
    for old in live[: max(0, len(live) - MAX_LIVE + 1)]:
        old.expires_at = at  # the oldest die first
    code = f"{secrets.randbelow(1_000_000):06d}"
    db.session.add(OneTimeCode(
        user_id=user.id, purpose=purpose, attempt_id=attempt_id, code_hash=_hash(code, attempt_id),
        channel=channel, target=target, created_at=at, expires_at=at + LIFETIME,
    ))
    db.session.flush()
    return code


def may_resend(user: User, *, purpose: str, attempt_id: str) -> bool:
    """A new code at most every RESEND_AFTER per attempt: a button is not a way to flood a phone."""
    latest = db.session.scalar(
        select(OneTimeCode.created_at)
        .where(OneTimeCode.user_id == user.id, OneTimeCode.purpose == purpose,
               OneTimeCode.attempt_id == attempt_id)
        .order_by(OneTimeCode.created_at.desc())
        .limit(1)
    )
    return latest is None or now() - latest >= RESEND_AFTER


def spend(user: User, *, purpose: str, attempt_id: str, typed: str) -> OneTimeCode | None:
    """The matching live code of this attempt, now used; or None, and every live code of the
    attempt has one more wrong try (so a guesser gets MAX_TRIES per key, not per key times keys)."""
    at = now()
    typed = normalise(typed)
    candidates = [c for c in db.session.scalars(_live(user.id, purpose, at)) if c.attempt_id == attempt_id]
    digest = _hash(typed, attempt_id)
    for code in candidates:
        if hmac.compare_digest(code.code_hash, digest):
            # Conditional update: two requests racing with the same key cannot both use it, and a
            # key that used up its tries meanwhile (wrong guesses racing this one) is dead.
            won = db.session.execute(
                update(OneTimeCode).where(OneTimeCode.id == code.id, OneTimeCode.used_at.is_(None),
                                          OneTimeCode.tries < MAX_TRIES)
                .values(used_at=at)
            ).rowcount
            db.session.refresh(code)
            return code if won else None
    # Counted by the database, not from values read above, and on every unused code of the
    # attempt (live or not): racing guesses all count, none is lost.
    db.session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.user_id == user.id, OneTimeCode.purpose == purpose,
               OneTimeCode.attempt_id == attempt_id, OneTimeCode.used_at.is_(None))
        .values(tries=OneTimeCode.tries + 1)
        .execution_options(synchronize_session=False)
    )
    for code in candidates:
        db.session.refresh(code)
    return None


def live_count(user: User, purpose: str = "sign_in") -> int:
    return len(list(db.session.scalars(_live(user.id, purpose, now()))))
