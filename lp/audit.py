"""Recording AuditEvents: who did what to which object, when and from where. Never tenant data."""
from __future__ import annotations

from flask import after_this_request, g, has_request_context
from flask_login import current_user
from sqlalchemy import insert

from lp.extensions import db
from lp.models import AuditEvent
from lp.security import client_address

_INSERT = insert(AuditEvent.__table__)


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_ref: str | None = None,
    detail: str | None = None,
    user=None,
    landlord_id: int | None = None,
) -> AuditEvent:
    """Add an event to the current transaction; it commits with the change it describes.

    `user` defaults to the signed-in user; the landlord defaults to that user's organisation.
    `detail` is for references and counts (a claim reference, a date range), never names.
    A view that changes nothing uses record_view instead.
    """
    event = AuditEvent(**_values(action, object_type, object_ref, detail, user, landlord_id))
    db.session.add(event)
    return event


def record_and_commit(action: str, **fields) -> AuditEvent:
    """record() and commit at once, with whatever the view changed: for a view whose event must be
    kept before it answers (a CSV about to stream, a console page read, a change made in the view).
    A service that commits its own change records with record() before its commit."""
    event = record(action, **fields)
    db.session.commit()
    return event


def record_view(action: str, *, object_type: str | None = None, object_ref: str | None = None,
                detail: str | None = None) -> None:
    """Record that the signed-in user viewed personal data: written and committed once the view has
    rendered, before the answer leaves (`after_this_request`), so a page is never answered without its
    event and nothing waits in memory that a stopped server could lose. A failed write fails the answer.

    The end of the request is the cheap moment: one Core INSERT and the commit that replaces the
    request's closing rollback. Committing in the view (as record_and_commit does) would expire every
    object the view had loaded (expire_on_commit), so the page selected its claim, user and session
    again (issue 14's profile: ~0.8 ms), and on SQLite would hold the write lock while the page renders
    if the INSERT came first. A page kept by lp/render_cache.py notes its events here too, to record
    them again on every answer. Outside a request the event is written at once.
    """
    event = {"action": action, "object_type": object_type, "object_ref": object_ref, "detail": detail}
    noted = g.get("lp_viewed_events")
    if noted is not None:
        noted.append(event)
    values = _values(**event, user=None, landlord_id=None)
    if not has_request_context():
        _write([values])
        return
    waiting = g.get("lp_views_to_record")
    if waiting is None:
        g.lp_views_to_record = waiting = []
        after_this_request(_write_before_answering)
    waiting.append(values)


def _write_before_answering(response):
    _write(g.pop("lp_views_to_record", []))
    return response


def _write(events: list[dict]) -> None:
    if not events:
        return
    session = db.session()
    session.connection().execute(_INSERT, events)
    # Nothing is read after this, but the after-request hooks ask about the user: keep it loaded.
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def _values(action, object_type, object_ref, detail, user, landlord_id) -> dict:
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    return {
        "user_id": getattr(user, "id", None),
        "landlord_id": landlord_id if landlord_id is not None else getattr(user, "landlord_id", None),
        "action": action,
        "object_type": object_type,
        "object_ref": object_ref,
        "detail": detail,
        "ip": client_address() if has_request_context() else None,
    }
