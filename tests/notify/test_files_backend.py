"""Queue, commit, send with the files backend: the file is the interface other checks read."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lp.models import OutboxMessage
from lp.notify import absolute_url, queue_email, queue_sms
from lp.notify.sender import Sender

# The sender reads and updates the outbox on connections of its own: it must see real commits.
pytestmark = pytest.mark.committing


def test_committed_email_is_written_as_the_specified_file(app, db, clock, stored):
    message = queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913", kind="sign_in_key")
    db.session.commit()

    assert Sender(app, clock=clock).run_once() == 1

    sent = stored(message.id)
    name = f"{sent.created_at:%Y%m%dT%H%M%S}-{sent.id:06d}-email.txt"
    assert [p.name for p in Path(app.config["LP_OUTBOX_DIR"]).iterdir()] == [name]
    assert (Path(app.config["LP_OUTBOX_DIR"]) / name).read_text(encoding="utf-8") == (
        "To: lead@example.org\n"
        "Subject: Your sign-in key\n"
        "Channel: email\n"
        "Kind: sign_in_key\n"
        "\n"
        "Your key is 482913\n"
        "\n"
        "Anytown Borough Council\n"
    )
    assert (sent.status, sent.provider_id, sent.attempts) == ("sent", name, 1)
    assert sent.claimed_by and sent.sent_at == clock.now


def test_sms_file_has_no_subject_line(app, db, clock, stored):
    message = queue_sms(to="07700900123", body="Your sign-in key is 771204", kind="sign_in_key")
    db.session.commit()

    Sender(app, clock=clock).run_once()

    sent = stored(message.id)
    path = Path(app.config["LP_OUTBOX_DIR"]) / f"{sent.created_at:%Y%m%dT%H%M%S}-{sent.id:06d}-sms.txt"
    assert path.read_text(encoding="utf-8") == (
        "To: 07700900123\nChannel: sms\nKind: sign_in_key\n\nYour sign-in key is 771204"
    )


def test_rolled_back_change_queues_nothing(app, db, clock):
    queue_email(to="lead@example.org", subject="Activate your account", body="Follow the link", kind="activation")
    db.session.rollback()

    assert db.session.query(OutboxMessage).count() == 0
    assert Sender(app, clock=clock).run_once() == 0
    assert not Path(app.config["LP_OUTBOX_DIR"]).exists() or not any(Path(app.config["LP_OUTBOX_DIR"]).iterdir())


def test_log_line_names_the_message_and_file_but_not_the_body(app, db, clock, caplog):
    message = queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913", kind="sign_in_key")
    db.session.commit()

    with caplog.at_level(logging.INFO):
        Sender(app, clock=clock).run_once()

    lines = [r.getMessage() for r in caplog.records if r.name.startswith("lp.notify")]
    [line] = [text for text in lines if f"outbox {message.id} " in text]
    assert "email" in line and "sign_in_key" in line and f"-{message.id:06d}-email.txt" in line
    assert not any("482913" in text or "Anytown" in text for text in lines)


def test_nothing_is_sent_twice(app, db, clock):
    queue_email(to="lead@example.org", subject="Your sign-in key", body="Key 1", kind="sign_in_key")
    db.session.commit()
    sender = Sender(app, clock=clock)

    assert sender.run_once() == 1
    clock.advance(hours=2)
    assert sender.run_once() == 0


def test_absolute_url_uses_the_base_url(app):
    app.config["LP_BASE_URL"] = "https://portal.anytown.example/landlords"
    with app.app_context():
        assert absolute_url("pages.privacy") == "https://portal.anytown.example/landlords/privacy"
