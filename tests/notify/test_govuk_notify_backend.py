"""The GOV.UK Notify backend against a local fake of the Notify API."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from lp.models import OutboxMessage
from lp.notify import queue_email, queue_sms
from lp.notify.sender import Sender

# The sender reads and updates the outbox on connections of its own: it must see real commits.
pytestmark = pytest.mark.committing


def test_email_and_sms_go_to_their_templates_with_our_reference(app, db, clock, stored, fake_notify, notify_settings):
    email = queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913", kind="sign_in_key")
    sms = queue_sms(to="07700900123", body="Your key is 771204", kind="sign_in_key")
    db.session.commit()

    assert Sender(app, clock=clock).run_once() == 2

    sent_email, sent_sms = fake_notify.sends()
    assert sent_email["path"] == "/v2/notifications/email"
    assert sent_email["json"] == {
        "email_address": "lead@example.org",
        "template_id": notify_settings["LP_NOTIFY_EMAIL_TEMPLATE_ID"],
        "personalisation": {"subject": "Your sign-in key", "body": "Your key is 482913\n\nAnytown Borough Council\n"},
        "reference": f"outbox-{email.id}",
    }
    assert sent_sms["path"] == "/v2/notifications/sms"
    assert sent_sms["json"] == {
        "phone_number": "07700900123",
        "template_id": notify_settings["LP_NOTIFY_SMS_TEMPLATE_ID"],
        "personalisation": {"body": "Your key is 771204"},
        "reference": f"outbox-{sms.id}",
    }
    assert sent_email["authorization"].startswith("Bearer ")
    assert stored(email.id).provider_id == sent_email["id"]
    assert stored(sms.id).provider_id == sent_sms["id"]


def test_server_error_is_retried_later(app, db, clock, stored, fake_notify, notify_settings):
    message = queue_email(to="lead@example.org", subject="Activate your account", body="Follow the link", kind="activation")
    db.session.commit()
    fake_notify.failures_to_give = 1
    sender = Sender(app, clock=clock)

    sender.run_once()
    waiting = stored(message.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.last_error.startswith("GOV.UK Notify answered 500")
    assert fake_notify.sends() == []

    clock.advance(seconds=40)
    sender.run_once()
    assert stored(message.id).status == "sent"
    assert len(fake_notify.sends()) == 1


def crash_after_claim(db, message_id, clock):
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(status="sending", claimed_by="crashed:1:dead", claimed_at=clock.now))
    db.session.commit()
    clock.advance(minutes=11)


def test_stale_claim_that_notify_already_has_is_not_sent_again(app, db, clock, stored, fake_notify, notify_settings):
    message = queue_email(to="lead@example.org", subject="Key", body="Your key is 1", kind="sign_in_key")
    db.session.commit()
    sender = Sender(app, clock=clock)
    sender.run_once()
    [delivered] = fake_notify.sends()
    db.session.execute(update(OutboxMessage).values(provider_id=None))  # the crash lost our record of it
    crash_after_claim(db, message.id, clock)

    sender.run_once()

    assert len(fake_notify.sends()) == 1
    assert (stored(message.id).status, stored(message.id).provider_id) == ("sent", delivered["id"])


def test_stale_claim_that_notify_never_got_is_sent(app, db, clock, stored, fake_notify, notify_settings):
    message = queue_email(to="lead@example.org", subject="Key", body="Your key is 1", kind="sign_in_key")
    db.session.commit()
    crash_after_claim(db, message.id, clock)

    Sender(app, clock=clock).run_once()

    [delivered] = fake_notify.sends()
    assert delivered["json"]["reference"] == f"outbox-{message.id}"
    assert stored(message.id).status == "sent"
