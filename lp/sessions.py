"""Server-side sessions: each sign-in is a UserSession row, so sign-out, a password change and
deactivation end it at once on the server; idle and absolute time-outs are checked on every request.

The cookie (Flask's signed session) holds only the user id and a random session token; the
database holds the token's SHA-256.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, select, update

from lp.extensions import db, login_manager
from lp.models import User, UserSession
from lp.models.base import utcnow
from lp.security import client_address

ABSOLUTE_LIMIT = timedelta(hours=8)
# The GOV.UK timeout-warning pattern: the dialog opens this long before the sign-out.
TIMEOUT_WARNING = timedelta(minutes=2)


def idle_limit(user: User) -> timedelta:
    """30 minutes idle for landlords, 15 for council users."""
    return timedelta(minutes=15 if user.is_council else 30)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# The session and its user in one SELECT, built once: every signed-in request asks it (two look-ups by
# primary key cost twice the round trip and twice the ORM's work).
SESSION_AND_USER = (
    select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.id == bindparam("sid"))
)


def clear_session() -> None:
    """Empty the cookie session, and forget the CSRF token Flask-WTF cached for this request, so
    the next form gets a token that belongs to the new session (not to the one just thrown away)."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def start_session(user: User) -> UserSession:
    """Sign the user in with a new session id (the old cookie's contents are thrown away)."""
    clear_session()
    token = secrets.token_urlsafe(32)
    record = UserSession(id=_digest(token), user_id=user.id, ip=client_address())
    db.session.add(record)
    _hold(record, record.id)
    session["sid"] = token
    session.permanent = False
    login_user(user)
    return record


def current_session() -> UserSession | None:
    """This request's session row: the one the user loader (or a sign-in) held for the request, else
    read by the cookie's token."""
    token = session.get("sid")
    if not token:
        return None
    digest = _digest(token)
    if g.get("lp_session_id") == digest:
        return g.lp_user_session
    return db.session.get(UserSession, digest)


def _hold(record: UserSession, digest: str) -> None:
    # Held for the request: the session's identity map is weak, and the layout asks again. The digest
    # beside it says which cookie it answers (reading record.id after a commit would reload the row).
    g.lp_user_session, g.lp_session_id = record, digest


def end_session() -> None:
    """Sign out: revoke this session on the server and clear the cookie."""
    record = current_session()
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()
    logout_user()
    clear_session()


def revoke_all_sessions(user_id: int) -> None:
    """End every live session of a user (password change, deactivation)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def recently_authenticated(minutes: int = 15) -> bool:
    """True when the user signed in within `minutes`: sensitive changes need it."""
    record = current_session()
    return record is not None and utcnow() - record.authenticated_at <= timedelta(minutes=minutes)


def init_app(app: Flask) -> None:
    login_manager.session_protection = None  # lp's own server-side sessions do this job
    app.context_processor(session_notice)

    @app.before_request
    def forget_cached_user():
        # Load the user afresh for every request, even when an outer app context (a test's, a
        # CLI's) outlives the request and would otherwise carry Flask-Login's cached user over.
        g.pop("_login_user", None)
        g.pop("lp_session_id", None)
        g.pop("lp_user_session", None)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        token = session.get("sid")
        if not token:
            return None
        digest = _digest(token)
        row = db.session.execute(SESSION_AND_USER, {"sid": digest}).one_or_none()
        if row is None:
            return None
        record, user = row
        if record.revoked_at is not None or str(record.user_id) != user_id:
            return None
        _hold(record, digest)
        if user.status != "active":
            return None
        now = utcnow()
        if now - record.last_seen_at > idle_limit(user) or now - record.created_at > ABSOLUTE_LIMIT:
            record.revoked_at = now
            db.session.commit()
            session.clear()
            return None
        # Touch at most once a minute: a write per request would serialise SQLite for nothing.
        if now - record.last_seen_at > timedelta(minutes=1) and not _is_keepalive_exempt():
            db.session.execute(
                update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now)
            )
            db.session.commit()
        return user


def _is_keepalive_exempt() -> bool:
    """Background polls (data-load progress) must not keep an idle session alive."""
    return request.headers.get("X-LP-Poll") == "1"


def session_expires_at(user: User):
    record = current_session()
    if record is None:
        return None
    return min(record.last_seen_at + idle_limit(user), record.created_at + ABSOLUTE_LIMIT)


def touch_session() -> None:
    """'Stay signed in': restart the idle clock now (the absolute limit still stands)."""
    record = current_session()
    if record is not None and record.revoked_at is None:
        record.last_seen_at = utcnow()


def session_notice() -> dict:
    """For the layout: when a signed-in user will be signed out if they do nothing (UK time)."""
    from zoneinfo import ZoneInfo

    from flask_login import current_user

    if not current_user or not current_user.is_authenticated:
        return {}
    ends = session_expires_at(current_user)
    if ends is None:
        return {}
    # The seconds left (not a clock time) drive the timeout warning (static/src/timeout.js), so a
    # wrong clock on the user's computer does not matter.
    return {"session_ends_at": ends.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M"),
            "session_seconds_left": max(0, int((ends - utcnow()).total_seconds())),
            "session_idle_seconds": int(idle_limit(current_user).total_seconds()),
            "session_warning_seconds": int(TIMEOUT_WARNING.total_seconds())}

