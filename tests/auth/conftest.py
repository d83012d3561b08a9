"""Helpers for the auth tests: posting forms with their CSRF token, reading keys from the outbox,
and a clock that tests move instead of sleeping."""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lp.extensions import db as _db
from lp.models import OutboxMessage
from tests import factories as f
from tests.conftest import parsed, run_waitress, stop_waitress


def csrf_of(html: str) -> str:
    field = parsed(html).select_one('input[name="csrf_token"]')
    return field["value"] if field else ""


def post_form(client, url: str, data: dict, *, page: str | None = None):
    """GET the page the form is on (for its CSRF token), then POST the form as a browser would."""
    token = csrf_of(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def outbox(kind: str, recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(_db.session.scalars(query))


def latest_key(recipient: str, kind: str = "sign_in_key") -> str:
    messages = outbox(kind, recipient)
    assert messages, f"no {kind} message to {recipient}"
    return re.search(r"\b(\d{6})\b", messages[-1].body).group(1)


def latest_link(recipient: str, kind: str) -> str:
    return re.search(r"https?://\S+", outbox(kind, recipient)[-1].body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


@pytest.fixture
def landlord_user(db):
    user = f.make_user(f.make_landlord(), username="sam.lettings", email="sam@example.org")
    db.session.commit()
    return user


@pytest.fixture
def clock(monkeypatch):
    """Time stands still at `clock.now` until a test moves it: clock.move(minutes=10)."""

    class Clock:
        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

        def move(self, **delta):
            self.now += timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr("lp.models.base.utcnow", lambda: fixed.now)
    return fixed


def password_step(client, username: str, password: str = f.PASSWORD, *, url: str = "/sign-in"):
    return post_form(client, url, {"username": username, "password": password})


def sign_in_fully(client, user, password: str = f.PASSWORD):
    """Password, then the key from the outbox: the whole landlord sign-in. Returns the last response."""
    assert password_step(client, user.username, password).status_code == 303
    return post_form(client, "/sign-in/key", {"key": latest_key(user.email)})


class InFlight:
    """WSGI middleware that counts requests being handled at once: proof that a race test's
    requests really overlapped, rather than queueing one after another."""

    def __init__(self, app):
        self.app, self.now, self.most = app, 0, 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            return list(self.app(environ, start_response))
        finally:
            with self._lock:
                self.now -= 1


@pytest.fixture
def live_server(app):
    """The test app served by a real waitress with 25 threads, for tests that race requests."""
    from waitress.server import create_server

    counted = InFlight(app.wsgi_app)
    app.wsgi_app = counted
    server = create_server(app, host="127.0.0.1", port=0, threads=25, ident="",
                           asyncore_loop_timeout=0.05)  # so that stopping it is seen at once
    thread = threading.Thread(target=run_waitress, args=(server,), daemon=True)
    thread.start()
    server.base_url, server.in_flight = f"http://127.0.0.1:{server.effective_port}", counted
    yield server
    stop_waitress(server, thread)



def race(base_url: str, path: str, cookies, forms: list[dict]) -> list[str]:
    """POST each form at once from its own thread and connection, all with the same cookies
    (one sign-in attempt); returns the pages (or redirect targets) in the order of `forms`."""
    import requests

    barrier = threading.Barrier(len(forms))

    def post(form):
        with requests.Session() as http:
            http.cookies.update(cookies)
            barrier.wait()
            response = http.post(base_url + path, data=form, allow_redirects=False, timeout=60)
            return response.headers.get("Location") or response.text

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(post, forms))


def browser_session(base_url: str):
    """A requests session that posts forms as a browser would: GET for the CSRF token first."""
    import requests

    http = requests.Session()

    def submit(path: str, data: dict, page: str | None = None):
        token = csrf_of(http.get(base_url + (page or path)).text)
        return http.post(base_url + path, data={**data, "csrf_token": token}, allow_redirects=False, timeout=60)

    http.submit = submit
    return http
