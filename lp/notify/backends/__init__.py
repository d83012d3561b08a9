"""Delivery backends: what each one needs to send a message, and how to choose one from settings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class DeliveryError(Exception):
    """The provider did not take the message; the sender will try again later.

    The text goes into OutboxMessage.last_error, so it must never contain the message body.
    """


@dataclass(frozen=True)
class Outgoing:
    """A claimed message as the backends see it: plain values, no database session behind it."""

    id: int
    channel: str  # email | sms
    recipient: str
    subject: str | None
    body: str
    kind: str
    created_at: datetime

    @property
    def reference(self) -> str:
        """Our reference for this message at the provider (GOV.UK Notify's `reference`)."""
        return f"outbox-{self.id}"


class Backend(Protocol):
    name: str
    # True when sending the same message twice does no harm (a file rewritten under the same name).
    resend_is_harmless: bool

    def send(self, message: Outgoing) -> str:
        """Deliver the message and return the provider's id for it; raise DeliveryError if not taken."""

    def find_sent(self, message: Outgoing) -> str | None:
        """After a crash: the provider's id if it already has this message, else None.

        Raises DeliveryError when the provider cannot be asked now.
        """

    def trace(self, message: Outgoing) -> str:
        """What an operator searches the provider's records for to find this message."""


def backend_from(config: dict) -> Backend:
    name = config["LP_NOTIFY_BACKEND"]
    if name == "files":
        from lp.notify.backends.files import FilesBackend

        return FilesBackend(config)
    if name == "smtp":
        from lp.notify.backends.smtp import SmtpBackend

        return SmtpBackend(config)
    if name == "notify":
        from lp.notify.backends.govuk_notify import NotifyBackend

        return NotifyBackend(config)
    raise RuntimeError(f"LP_NOTIFY_BACKEND is {name!r}; it must be one of: files, smtp, notify")
