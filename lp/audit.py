"""Recording AuditEvents: who did what to which object, when and from where. Never tenant data."""
from __future__ import annotations

import threading

from flask import after_this_request, current_app, g, has_request_context
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
    kept before it answers (a CSV about to stream, a change made in the view). A page read uses
    record_view: a commit here would expire every object loaded, and the page would select each again.
    A service that commits its own change records with record() before its commit."""
    event = record(action, **fields)
    db.session.commit()
    return event


def record_view(action: str, *, object_type: str | None = None, object_ref: str | None = None,
                detail: str | None = None, landlord_id: int | None = None) -> None:
    """Record that the signed-in user viewed personal data: written and committed once the view has
    rendered, before the answer leaves (`after_this_request`), so a page is never answered without its
    event and nothing waits in memory that a stopped server could lose. A failed write fails the answer.

    The end of the request is the cheap moment: one Core INSERT and the commit that replaces the
    request's closing rollback, shared with the views other threads answer meanwhile (_GroupCommit).
    Committing in the view (as record_and_commit does) would expire every object the view had loaded
    (expire_on_commit), so the page selected its claim, user and session again (issue 14's profile:
    ~0.8 ms), and on SQLite would hold the write lock while the page renders if the INSERT came first. A page kept by lp/render_cache.py notes its events here too, to record
    them again on every answer. Outside a request the event is written at once.

    `landlord_id` names the organisation the event concerns when it is not the user's own (a council
    officer viewing a landlord's page), so the event is in that organisation's access log.
    """
    event = {"action": action, "object_type": object_type, "object_ref": object_ref, "detail": detail,
             "landlord_id": landlord_id}
    noted = g.get("lp_viewed_events")
    if noted is not None:
        noted.append(event)
    values = _values(**event, user=None)
    if not has_request_context():
        _write([values])
        return
    waiting = g.get("lp_views_to_record")
    if waiting is None:
        g.lp_views_to_record = waiting = []
        after_this_request(_write_before_answering)
    waiting.append(values)


def record_api_call(action: str, *, token, object_type: str | None, object_ref: str | None,
                    detail: str | None) -> None:
    """Record a call with an API token, before its answer leaves: the token's organisation's event, of no
    user (a token is nobody), naming the token. Written with the views' events (_GroupCommit)."""
    values = _values(action, object_type, object_ref, detail, None, token.landlord_id)
    values["user_id"], values["api_token_id"] = None, token.id
    _group_commit().write([values])


def _write_before_answering(response):
    _group_commit().write(g.pop("lp_views_to_record", []))
    return response


class _GroupCommit:
    """The views' events of this process's threads written together: one INSERT and one COMMIT for
    every event that arrived while the last write was under way (a database's group commit).

    Each request still answers only once its own events are committed, so nothing waits in memory that a
    stopped or killed server could lose, and a failed write fails every answer of its batch. What it saves
    is a write transaction per view: under load the threads of a process share one, and on SQLite fewer
    transactions mean fewer waits for the database's one write lock, which another process may hold (its
    busy handler sleeps a millisecond or more each time). An idle server writes each event at once.

    The thread that finds no write under way writes the batch on its own session's connection (so a
    test's transaction sees it, and no second connection is opened), then hands the outcome to the rest.
    """

    def __init__(self):
        self._ready = threading.Condition()
        self._waiting: list[dict] = []
        self._filling = 0  # the number of the batch events join now
        self._done = 0  # every batch below this number is written (or failed): batches are written in turn
        self._writing = False
        self._failed: dict[int, BaseException] = {}  # batch -> why its write failed

    def write(self, events: list[dict]) -> None:
        if not events:
            return
        with self._ready:
            self._waiting.extend(events)
            mine = self._filling
            while self._done <= mine and self._writing:
                self._ready.wait()
            if self._done > mine:  # another thread wrote my batch
                failure = self._failed.get(mine)
                if failure is not None:
                    raise RuntimeError("the audit events of this view could not be written") from failure
                return
            # No write under way and mine not written: I write everything waiting.
            batch, self._waiting, self._filling, self._writing = self._waiting, [], mine + 1, True
        failure = None
        try:
            _write(batch)
        except BaseException as error:
            failure = error
            raise
        finally:
            with self._ready:
                if failure is not None:
                    # Kept until the batch's threads have surely woken and read it; a few hundred batches on.
                    self._failed = {n: e for n, e in self._failed.items() if n > mine - 1000}
                    self._failed[mine] = failure
                self._done, self._writing = mine + 1, False
                self._ready.notify_all()


def _group_commit() -> _GroupCommit:
    """This app's group commit (in app.extensions, as lp/render_cache.py keeps its store): a batch is
    written on one app's database, so two apps in one process (tests) never share one."""
    found = current_app.extensions.get("lp_audit_group_commit")
    return found if found is not None else current_app.extensions.setdefault("lp_audit_group_commit", _GroupCommit())


def _write(events: list[dict]) -> None:
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
    return {  # the same keys for every event: a batch is one executemany
        "user_id": getattr(user, "id", None),
        "landlord_id": landlord_id if landlord_id is not None else getattr(user, "landlord_id", None),
        "action": action,
        "object_type": object_type,
        "object_ref": object_ref,
        "detail": detail,
        "ip": client_address() if has_request_context() else None,
        "api_token_id": None,
    }
