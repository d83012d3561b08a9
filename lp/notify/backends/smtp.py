"""E-mail through an SMTP server (smtplib); this backend sends no SMS."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from lp.notify.backends import DeliveryError, Outgoing


def message_id(message: Outgoing, mail_from: str) -> str:
    """The same Message-ID every time this message is sent, so a duplicate can be recognised.

    The queued time is in it because ids start again from 1 in a new database, and mail clients
    that fold duplicates by Message-ID would otherwise hide a new message behind an old one.
    """
    domain = mail_from.rpartition("@")[2] or "localhost"
    return f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@lp.{domain}>"


class SmtpBackend:
    name = "smtp"
    # A mail server does not refuse a second copy, so a message that may have gone is never resent.
    resend_is_harmless = False

    def __init__(self, config: dict) -> None:
        self.host = config["LP_SMTP_HOST"]
        self.port = config["LP_SMTP_PORT"]
        self.username = config["LP_SMTP_USERNAME"]
        self.password = config["LP_SMTP_PASSWORD"]
        self.starttls = config["LP_SMTP_STARTTLS"]
        self.timeout = config["LP_SMTP_TIMEOUT"]
        self.mail_from = config["LP_MAIL_FROM"]

    def build(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.mail_from
        email["To"] = message.recipient
        email["Subject"] = message.subject or ""
        email["Date"] = format_datetime(message.created_at)
        email["Message-ID"] = message_id(message, self.mail_from)
        email.set_content(message.body)
        return email

    def send(self, message: Outgoing) -> str:
        if message.channel != "email":
            raise DeliveryError(f"the smtp backend cannot send {message.channel}; use LP_NOTIFY_BACKEND=notify")
        email = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
                if self.starttls:
                    server.starttls()
                if self.username:
                    server.login(self.username, self.password or "")
                server.send_message(email)
        except smtplib.SMTPResponseException as error:
            # The server's own words name the problem; they never quote our body back.
            reply = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
            raise DeliveryError(f"SMTP {self.host}:{self.port} answered {error.smtp_code} {reply[:200]}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {type(error).__name__} {_reason(error)}") from error
        return email["Message-ID"]

    def find_sent(self, message: Outgoing) -> str | None:
        return None  # SMTP cannot be asked what it has delivered

    def trace(self, message: Outgoing) -> str:
        return f"Message-ID {message_id(message, self.mail_from)}"


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipient refused"
    return (getattr(error, "strerror", None) or str(error))[:200]
