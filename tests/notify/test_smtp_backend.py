"""The SMTP backend against a real SMTP server (aiosmtpd) that is first down, then up."""
from __future__ import annotations

from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from lp.notify import queue_email, queue_sms
from lp.notify.sender import Sender
from tests.notify.conftest import free_port

# The sender reads and updates the outbox on connections of its own: it must see real commits.
pytestmark = pytest.mark.committing


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port(app):
    port = free_port()
    app.config.update({"LP_NOTIFY_BACKEND": "smtp", "LP_SMTP_HOST": "127.0.0.1", "LP_SMTP_PORT": port,
                       "LP_SMTP_TIMEOUT": 5})
    return port


def test_server_down_then_up_delivers_exactly_once(app, db, clock, stored, smtp_port):
    message = queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913", kind="sign_in_key")
    db.session.commit()
    sender = Sender(app, clock=clock)

    assert sender.run_once() == 1  # nobody listening: connection refused
    waiting = stored(message.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in waiting.last_error and "482913" not in waiting.last_error

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        assert sender.run_once() == 0  # not due yet, even though the server is back
        clock.advance(seconds=40)
        assert sender.run_once() == 1
        clock.advance(hours=2)
        assert sender.run_once() == 0
    finally:
        server.stop()

    [envelope] = inbox.envelopes
    assert envelope.mail_from == app.config["LP_MAIL_FROM"]
    assert envelope.rcpt_tos == ["lead@example.org"]
    email = message_from_bytes(envelope.content)
    sent = stored(message.id)
    assert email["Subject"] == "Your sign-in key"
    assert email["From"] == app.config["LP_MAIL_FROM"]
    assert email["Message-ID"] == sent.provider_id
    assert email["Message-ID"].startswith(f"<outbox-{message.id}.") and email["Message-ID"].endswith("@lp.anytown.example>")
    body = email.get_payload(decode=True).decode().replace("\r\n", "\n")  # CRLF on the wire
    assert body == "Your key is 482913\n\nAnytown Borough Council\n"
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_sms_is_not_lost_when_the_backend_cannot_send_it(app, db, clock, stored, smtp_port):
    message = queue_sms(to="07700900123", body="Your key is 771204", kind="sign_in_key")
    db.session.commit()

    Sender(app, clock=clock).run_once()

    kept = stored(message.id)
    assert kept.status == "pending" and "cannot send sms" in kept.last_error
