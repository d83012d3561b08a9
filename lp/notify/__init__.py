"""E-mail and SMS through the outbox: queue_* add a message to the current transaction, so it is
sent only if the change that caused it commits; the sender (lp/notify/sender.py) delivers it."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

from lp.extensions import db
from lp.models import OutboxMessage


def queue_email(*, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Queue a plain-text e-mail. Never put tenant data or passwords in it."""
    council = current_app.config["LP_COUNCIL_NAME"]
    message = OutboxMessage(
        channel="email",
        recipient=to,
        subject=subject,
        body=f"{body.rstrip()}\n\n{council}\n",
        kind=kind,
    )
    db.session.add(message)
    return message


def queue_sms(*, to: str, body: str, kind: str) -> OutboxMessage:
    """Queue an SMS (keep it under 160 characters). Never put tenant data or passwords in it."""
    message = OutboxMessage(channel="sms", recipient=to, subject=None, body=body, kind=kind)
    db.session.add(message)
    return message


def absolute_url(endpoint: str, **values) -> str:
    """A full link for a message (LP_BASE_URL + the endpoint's path); works outside a request too."""
    base = urlsplit(current_app.config["LP_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
