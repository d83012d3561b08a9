"""The development backend: each message is a plain-text file under LP_OUTBOX_DIR.

The files are an interface: checks outside lp's own tests read them, as a person reads an inbox,
to find sign-in keys and activation links. Keep the name and layout exactly as they are:

    <YYYYmmddTHHMMSS>-<id:06d>-<channel>.txt   (the time the message was queued, UTC)

    To: <recipient>
    Subject: <subject>          (e-mail only)
    Channel: email|sms
    Kind: <kind>
    <blank line>
    <body>
"""
from __future__ import annotations

import logging
import os
import tempfile
from datetime import UTC
from pathlib import Path

from lp.notify.backends import DeliveryError, Outgoing

log = logging.getLogger(__name__)


def file_name(message: Outgoing) -> str:
    queued = message.created_at.astimezone(UTC)
    return f"{queued:%Y%m%dT%H%M%S}-{message.id:06d}-{message.channel}.txt"


def file_text(message: Outgoing) -> str:
    lines = [f"To: {message.recipient}"]
    if message.channel == "email":
        lines.append(f"Subject: {message.subject or ''}")
    lines += [f"Channel: {message.channel}", f"Kind: {message.kind}", "", message.body]
    return "\n".join(lines)


class FilesBackend:
    name = "files"
    # The name depends only on the message, so a second delivery rewrites the same file.
    resend_is_harmless = True

    def __init__(self, config: dict) -> None:
        self.directory = Path(config["LP_OUTBOX_DIR"])

    def send(self, message: Outgoing) -> str:
        name = file_name(message)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Temp file + rename, so a reader never sees half a message.
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                    out.write(file_text(message))
                os.replace(temp, self.directory / name)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise DeliveryError(f"cannot write to the outbox folder: {type(error).__name__} {error.strerror}") from error
        # Names the file only: the body can hold a sign-in key.
        log.info("outbox %s %s %s written to %s", message.id, message.channel, message.kind, self.directory / name)
        return name

    def find_sent(self, message: Outgoing) -> str | None:
        name = file_name(message)
        return name if (self.directory / name).exists() else None

    def trace(self, message: Outgoing) -> str:
        return f"the file {file_name(message)}"
