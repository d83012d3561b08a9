"""The sender's rules: one claim per message, back-off that never drops, stale claims settled safely."""
from __future__ import annotations

import contextlib
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from lp.extensions import db as _db
from lp.models import OutboxMessage
from lp.notify import outbox, queue_email
from lp.notify.backends import DeliveryError
from lp.notify.backends.files import file_name
from lp.notify.backends.smtp import SmtpBackend
from lp.notify.sender import Sender

# The sender reads and updates the outbox on connections of its own: it must see real commits.
pytestmark = pytest.mark.committing


class RecordingBackend:
    """Takes every message; the first send of each thread waits for the other, so they overlap."""

    name = "recording"
    resend_is_harmless = True

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.lock = threading.Lock()
        self.meet = threading.Barrier(2)
        self.waited: set[int] = set()

    def send(self, message) -> str:
        if threading.get_ident() not in self.waited:
            self.waited.add(threading.get_ident())
            with contextlib.suppress(threading.BrokenBarrierError):  # alone: carry on without the other
                self.meet.wait(timeout=5)
        with self.lock:
            self.sent.append(message.id)
        return f"rec-{message.id}"

    def find_sent(self, message):
        return None


class DownBackend:
    name = "down"
    resend_is_harmless = True

    def send(self, message) -> str:
        raise DeliveryError("provider unreachable: ConnectionRefusedError")

    def find_sent(self, message):
        raise DeliveryError("provider unreachable")


def queue_some(db, count: int) -> list[int]:
    messages = [queue_email(to=f"user{n}@example.org", subject="Key", body=f"Key {n}", kind="sign_in_key")
                for n in range(count)]
    db.session.commit()
    return [m.id for m in messages]


def test_two_concurrent_senders_send_each_message_once(app, db, clock, all_stored):
    ids = queue_some(db, 30)
    backend = RecordingBackend()
    senders = [Sender(app, backend=backend, clock=clock) for _ in range(2)]
    errors = []

    def run(sender):
        try:
            sender.run_once()
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=run, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Counter(backend.sent) == Counter(ids)  # every message, each once
    assert {m.status for m in all_stored()} == {"sent"}
    assert {m.claimed_by for m in all_stored()} == {s.name for s in senders}


def test_failures_back_off_exponentially_up_to_an_hour_and_never_give_up(app, db, clock, stored):
    [message_id] = queue_some(db, 1)
    sender = Sender(app, backend=DownBackend(), clock=clock)

    for attempt in range(10):
        assert sender.run_once() == 1
        message = stored(message_id)
        wait = (message.next_attempt_at - clock.now).total_seconds()
        expected = min(30 * 2**attempt, 3600)
        assert expected * 0.9 <= wait <= expected * 1.1
        assert (message.status, message.attempts) == ("pending", attempt + 1)
        assert message.last_error == "provider unreachable: ConnectionRefusedError"

        clock.now = message.next_attempt_at - timedelta(seconds=1)
        assert sender.run_once() == 0  # not due yet
        clock.now = message.next_attempt_at


def test_unexpected_backend_error_keeps_the_message_without_its_body(app, db, clock, stored):
    [message_id] = queue_some(db, 1)

    class Broken(DownBackend):
        def send(self, message):
            raise ValueError(message.body)

    Sender(app, backend=Broken(), clock=clock).run_once()

    message = stored(message_id)
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "unexpected ValueError")


def load(app, message_id: int):
    with app.app_context():
        return outbox.load(_db.engine, message_id)


def leave_claim(db, message_id: int, at) -> None:
    """What a sender that crashed after claiming leaves behind."""
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(status="sending", claimed_by="crashed:1:dead", claimed_at=at))
    db.session.commit()


def test_recent_claim_is_left_alone(app, db, clock, stored):
    [message_id] = queue_some(db, 1)
    leave_claim(db, message_id, clock.now)
    clock.advance(minutes=9)

    assert Sender(app, clock=clock).run_once() == 0
    assert stored(message_id).status == "sending"


def test_stale_claim_is_sent_again_by_the_files_backend(app, db, clock, stored):
    [message_id] = queue_some(db, 1)
    leave_claim(db, message_id, clock.now)
    clock.advance(minutes=11)

    assert Sender(app, clock=clock).run_once() == 1
    message = stored(message_id)
    assert message.status == "sent"
    assert len(list(Path(app.config["LP_OUTBOX_DIR"]).glob(f"*-{message_id:06d}-email.txt"))) == 1


def test_stale_claim_whose_file_exists_is_recorded_as_sent(app, db, clock, stored):
    [message_id] = queue_some(db, 1)
    Sender(app, clock=clock).run_once()
    db.session.execute(update(OutboxMessage).values(status="sending", claimed_at=clock.now, provider_id=None))
    db.session.commit()
    clock.advance(minutes=11)

    assert Sender(app, clock=clock).run_once() == 0
    message = stored(message_id)
    assert (message.status, message.provider_id) == ("sent", file_name(load(app, message_id)))


def test_stale_smtp_claim_is_held_for_an_operator_then_released(app, db, clock, stored):
    app.config["LP_NOTIFY_BACKEND"] = "smtp"
    [message_id] = queue_some(db, 1)
    leave_claim(db, message_id, clock.now)
    clock.advance(minutes=11)

    assert Sender(app, clock=clock).run_once() == 0  # nothing sent: it may already have gone
    message = stored(message_id)
    assert message.status == "failed"
    assert SmtpBackend(app.config).trace(load(app, message_id)) in message.last_error

    result = app.test_cli_runner().invoke(args=["lp", "send", "--release", str(message_id)])
    assert result.exit_code == 0, result.output
    assert stored(message_id).status == "pending"


@pytest.mark.parametrize("args", [["lp", "send"], ["lp", "send", "--once"]])
def test_send_command_delivers_once(app, db, args, stored):
    [message_id] = queue_some(db, 1)

    result = app.test_cli_runner().invoke(args=args)

    assert result.exit_code == 0, result.output
    assert "1 message(s) tried" in result.output
    assert stored(message_id).status == "sent"
