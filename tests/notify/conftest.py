"""Fixtures for the outbox tests: a controllable clock, a fake GOV.UK Notify, a real SMTP server."""
from __future__ import annotations

import json
import logging
import socket
import threading
import uuid
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from lp.models import OutboxMessage
from lp.models.base import utcnow


@pytest.fixture(autouse=True)
def lp_loggers_enabled():
    """Alembic's fileConfig (migrations/env.py, run when the test database is built) disables every
    logger that existed then, which includes ours when pytest imported them first; undo that here."""
    for name, logger in logging.root.manager.loggerDict.items():
        if name.startswith("lp.") and isinstance(logger, logging.Logger):
            logger.disabled = False


class Clock:
    """The sender's idea of now; moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)  # after the messages' real created_at

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stored(db):
    """The message as the database now holds it (not as this session remembers it)."""

    def stored(message_id: int) -> OutboxMessage:
        db.session.rollback()
        return db.session.get(OutboxMessage, message_id)

    return stored


@pytest.fixture
def all_stored(db):
    def all_stored() -> list[OutboxMessage]:
        db.session.rollback()
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    return all_stored


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeNotify:
    """The two GOV.UK Notify send endpoints and the search by reference, in memory."""

    def __init__(self) -> None:
        self.received: list[dict] = []  # {"path", "json", "id", "authorization"}
        self.failures_to_give = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.failures_to_give:
                    fake.failures_to_give -= 1
                    return self._answer(500, {"status_code": 500, "errors": [{"error": "Exception", "message": "Internal server error"}]})
                notification = {"id": str(uuid.uuid4()), "reference": data.get("reference")}
                fake.received.append({"path": self.path, "json": data, "id": notification["id"],
                                      "authorization": self.headers.get("Authorization")})
                self._answer(201, notification)

            def do_GET(self):
                url = urlsplit(self.path)
                reference = parse_qs(url.query).get("reference", [None])[0]
                found = [{"id": r["id"], "reference": r["json"].get("reference")}
                         for r in fake.received if r["json"].get("reference") == reference]
                self._answer(200, {"notifications": found, "links": {"current": self.path}})

            def _answer(self, status: int, body: dict) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def sends(self) -> list[dict]:
        return [r for r in self.received if r["path"].startswith("/v2/notifications/")]


@pytest.fixture
def fake_notify():
    fake = FakeNotify()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def notify_settings(app, fake_notify):
    app.config.update({
        "LP_NOTIFY_BACKEND": "notify",
        "LP_NOTIFY_BASE_URL": fake_notify.base_url,
        "LP_NOTIFY_API_KEY": f"lp_test-{uuid.uuid4()}-{uuid.uuid4()}",
        "LP_NOTIFY_EMAIL_TEMPLATE_ID": "11111111-1111-1111-1111-111111111111",
        "LP_NOTIFY_SMS_TEMPLATE_ID": "22222222-2222-2222-2222-222222222222",
        "LP_NOTIFY_TIMEOUT": 5,
    })
    return app.config
