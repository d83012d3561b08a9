"""Repeat views kept until the next load: a page rendered for a user is answered again without its queries.

Benefit data changes only when an extract loads (lp.freshness.last_load_id), so a page is the same page
until then, as long as nothing else it shows has changed. The key holds all of that:
- the page: endpoint, its arguments, the query string (parameters sorted) and the htmx fragment asked for;
- who asks: the user, their organisation and their permissions. Narrowed permissions make a new key; a
  signed-out, timed-out or deactivated user never gets here (lp/sessions.py, then the guards, run first);
- the data: the last load, today and the horizon date; how many accounts the organisation has (the council
  links accounts between loads, and never unlinks one, so the count changes whenever the set does); the
  user's latest letter read (unread letters, the dashboard's count, claims with letters unread since);
- anything else the page shows that changes between loads: the view's `vary` (the dashboard's council
  messages and overdue requests, `council_notices`).
What belongs to the request is never kept: the CSRF token and the session time-out notice are rendered as
placeholders and filled in on every answer; a request with a flashed message to show is neither answered
from nor kept. The view's audit events are kept with the page and recorded again on every answer
(lp/audit.py record_view), so a kept page is audited exactly as a fresh one. Only 200 answers are kept.

The store is this process's memory, bounded in bytes, least recently used out first. Not Redis: a hit has
to cost well under a millisecond and a Redis round trip with its decoding costs as much as the render it
saves on small pages; the pages hold tenants' names, which should not be copied into a store shared with
the rate limits and outliving the process; and a user's repeat views mostly reach the same process.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from flask import current_app, g, make_response, request, session
from flask.signals import before_render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import bindparam, func, select

from lp import audit, htmx
from lp.extensions import db
from lp.horizon import horizon_date, today
from lp.models import ImportBatch, LandlordAccount, LetterRead, Message

MAX_BYTES = 32 * 1024 * 1024  # per process; a page is 5-60 KB of HTML
# Placeholders no data can produce: every value a page shows is escaped, so a '<' from data is '&lt;'.
CSRF_TOKEN = Markup("<lp-kept csrf-token>")
SESSION_ENDS_AT = Markup("<lp-kept session-ends-at>")
SESSION_SECONDS_LEFT = Markup("<lp-kept session-seconds-left>")
_FLASHES = "_flashes"  # Flask's session key for flashed messages

# One statement for what the data part of the key reads: the last load (as lp.freshness.last_load_id),
# the organisation's accounts, the user's latest letter read. Three indexed look-ups.
_MARKERS = select(
    select(func.max(ImportBatch.id)).where(ImportBatch.status == "loaded").scalar_subquery(),
    select(func.count()).select_from(LandlordAccount)
    .where(LandlordAccount.landlord_id == bindparam("landlord")).scalar_subquery(),
    select(func.max(LetterRead.id)).where(LetterRead.user_id == bindparam("user")).scalar_subquery(),
)

# Any organisation's request raised or answered: rare beside views, so every dashboard may be re-rendered.
# Two subqueries, as SQLite reads a lone max() from an index's end but scans for two in one SELECT.
_MESSAGES = select(Message.id, Message.body, Message.ends_on).where(
    Message.starts_on <= bindparam("day"), Message.ends_on >= bindparam("day"))


@dataclass
class Kept:
    body: str
    headers: list[tuple[str, str]]
    events: list[dict] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.body) + 200 * (1 + len(self.events))


class Store:
    """Kept pages of one process, least recently used out first once they pass `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes, self.bytes = max_bytes, 0
        self._pages: OrderedDict[tuple, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Kept | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
            return kept

    def put(self, key: tuple, kept: Kept) -> None:
        if kept.size > self.max_bytes // 8:
            return  # one huge page would push out every other
        with self._lock:
            old = self._pages.pop(key, None)
            self.bytes += kept.size - (old.size if old else 0)
            self._pages[key] = kept
            while self.bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= dropped.size

    def __len__(self) -> int:
        return len(self._pages)


def store() -> Store | None:
    """This process's store (in app.extensions, as lp/per_load.py keeps its values), None when off.

    LP_RENDER_CACHE_BYTES sizes it (0: off). Off by default under TESTING: tests make rows with factories
    between two requests, where in production only a load changes them; tests/render_cache turns it on.
    """
    kept = current_app.extensions.get("lp_render_cache")
    if kept is None:
        size = current_app.config.get("LP_RENDER_CACHE_BYTES", 0 if current_app.testing else MAX_BYTES)
        kept = current_app.extensions.setdefault("lp_render_cache", Store(size) if size else False)
    return None if kept is False else kept  # (an empty Store is falsy: it has a length)


def kept_until_next_load(view=None, *, vary=None):
    """Answer repeat views of this landlord page from the store (see the module's docstring).

    Put it under the route's @needs, so the permission is checked on every request. `vary()` returns
    anything else the page shows that can change before the next load.
    """
    if view is None:
        return lambda view: kept_until_next_load(view, vary=vary)

    @wraps(view)
    def answer(*args, **kwargs):
        pages = store()
        if pages is None or request.method != "GET" or _FLASHES in session:
            return view(*args, **kwargs)
        key = _key(vary)
        kept = pages.get(key)
        if kept is None:
            return _render_and_keep(pages, key, view, args, kwargs)
        for event in kept.events:
            audit.record_view(**event)
        return current_app.response_class(_filled(kept.body), headers=kept.headers)

    return answer


def council_notices() -> tuple:
    """What the dashboard shows that the council or the organisation changes between loads: today's
    messages (a few rows), and the overdue requests. Counting those walks the organisation's claims, so
    the key holds what changes them instead: a request is raised (a new id) or answered (answered_at
    set once, to now, so the latest answer moves); being due moves with today, already in the key."""
    # Imported here: lp.tasks.queries imports lp.claims, whose views import this module.
    from lp.tasks.queries import requests_changed

    messages = db.session.connection().execute(_MESSAGES, {"day": today()}).all()  # as daily_messages.current_messages
    return tuple(map(tuple, messages)), requests_changed()


def _key(vary) -> tuple:
    user = current_user
    # On the session's connection (Core, not the ORM's execute): a third of the cost.
    markers = tuple(db.session.connection().execute(_MARKERS, {"landlord": g.landlord_id, "user": user.id}).one())
    return (
        request.endpoint, tuple(sorted((request.view_args or {}).items())),
        tuple(sorted(request.args.items(multi=True))), htmx.is_partial(), htmx.target_block(),
        user.id, g.landlord_id, user.permissions, user.is_lead,
        markers, today(), horizon_date(), vary() if vary else None,
    )


def _render_and_keep(pages: Store, key: tuple, view, args, kwargs):
    before_render_template.connect(_placeholders, weak=False)  # connecting again is a no-op
    g.lp_viewed_events = events = []
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    # Flask-WTF's generate_csrf() answers the token it cached for the request in g.
    setattr(g, csrf_field, CSRF_TOKEN)
    try:
        response = make_response(view(*args, **kwargs))
    finally:
        g.pop("lp_viewed_events", None)
        if g.get(csrf_field) is CSRF_TOKEN:
            g.pop(csrf_field)
    if response.is_streamed or response.mimetype != "text/html":
        return response
    body = response.get_data(as_text=True)
    if response.status_code == 200 and _FLASHES not in session and "Set-Cookie" not in response.headers:
        headers = [(name, value) for name, value in response.headers if name != "Content-Length"]
        pages.put(key, Kept(body, headers, events))
    response.set_data(_filled(body))
    return response


def _placeholders(_app, template=None, context=None, **_extra) -> None:
    """While a page is rendered to be kept: placeholders for the session notice's times."""
    if g.get("lp_viewed_events") is not None and context is not None and "session_ends_at" in context:
        context["session_ends_at"] = SESSION_ENDS_AT
        context["session_seconds_left"] = SESSION_SECONDS_LEFT


def _filled(body: str) -> str:
    """The kept page with this request's CSRF token and session notice."""
    if CSRF_TOKEN in body:
        body = body.replace(CSRF_TOKEN, escape(generate_csrf()))
    if SESSION_ENDS_AT in body or SESSION_SECONDS_LEFT in body:
        from lp.sessions import session_notice

        notice = session_notice()
        body = body.replace(SESSION_ENDS_AT, escape(notice.get("session_ends_at", "")))
        body = body.replace(SESSION_SECONDS_LEFT, escape(str(notice.get("session_seconds_left", 0))))
    return body
