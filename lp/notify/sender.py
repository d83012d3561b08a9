"""The sender: delivers due outbox messages through the configured backend, with retries.

How a message moves:
  pending --claim--> sending --provider took it--> sent (with the provider's id)
                             --provider failed---> pending again, attempts+1, last_error, and
                                                   next_attempt_at = now + min(30s * 2**attempts, 1h)
                                                   ±10% jitter. A message is never dropped.

The claim is a conditional UPDATE (pending -> sending, claimed_by, claimed_at), committed before
anything is sent, so two senders never take the same message.

A crash after the claim leaves the message in `sending`, and we cannot know whether the provider
took it. After LP_OUTBOX_CLAIM_MINUTES (10) the next sender settles it by this rule:
  1. it asks the backend whether it already has the message: GOV.UK Notify is searched for our
     `reference` (outbox-<id>), the files backend looks for the file. Found -> `sent`.
  2. otherwise, when a repeat is harmless (files: same name, rewritten; Notify: the search just
     said it never arrived) -> `pending`, and it is sent again.
  3. otherwise (SMTP: a server cannot be asked, and accepts a second copy) -> `failed`, for an
     operator: last_error names the Message-ID (<outbox-<id>.<time>@lp.<domain>>) to look for in
     the mail server's log; `flask --app app lp send --release ID` sends it again.
If the backend cannot be asked (provider down) the claim stays as it is until it can.
"""
from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask

from lp.extensions import db
from lp.models.base import utcnow
from lp.notify import outbox
from lp.notify.backends import Backend, DeliveryError, backend_from

log = logging.getLogger(__name__)


class Sender:
    def __init__(self, app: Flask, *, backend: Backend | None = None, clock: Callable[[], datetime] = utcnow,
                 rng: random.Random | None = None, batch: int = 50) -> None:
        self.app = app
        self.backend = backend or backend_from(app.config)
        self.clock = clock
        self.rng = rng
        self.batch = batch
        self.claim_timeout = timedelta(minutes=app.config["LP_OUTBOX_CLAIM_MINUTES"])
        # Unique per sender, so a claim can be traced to the process and thread that made it.
        self.name = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Settle stale claims, then try every due message once (until `stop`). Returns how many were tried."""
        with self.app.app_context():
            engine = db.engine
            self._settle_stale(engine)
            tried = 0
            for message_id in outbox.due_ids(engine, self.clock(), self.batch):
                if stop is not None and stop.is_set():
                    break  # SIGTERM: finish the message in hand, not the whole batch
                message = outbox.claim(engine, message_id, self.name, self.clock())
                if message is None:
                    continue  # another sender has it
                tried += 1
                try:
                    provider_id = self.backend.send(message)
                except DeliveryError as error:
                    self._failed(engine, message, str(error))
                except Exception as error:  # a bug or surprise in a backend must not lose the message
                    log.exception("outbox %s: unexpected error from the %s backend", message.id, self.backend.name)
                    self._failed(engine, message, f"unexpected {type(error).__name__}")
                else:
                    outbox.mark_sent(engine, message.id, self.name, provider_id, self.clock())
            return tried

    def run_forever(self, stop: threading.Event, poll_seconds: float) -> None:
        """Send until `stop` is set; waits `poll_seconds` when there is nothing to do."""
        log.info("outbox sender %s started (backend %s)", self.name, self.backend.name)
        while not stop.is_set():
            try:
                tried = self.run_once(stop)
            except Exception:  # the database may be briefly away; keep the sender alive
                log.exception("outbox sender: a round failed; trying again shortly")
                tried = 0
            if not tried:
                stop.wait(poll_seconds)
        log.info("outbox sender %s stopped", self.name)

    def _failed(self, engine, message, error: str) -> None:
        # Errors come from providers; strip the body in case one ever quotes it back (it can hold a key).
        error = error.replace(message.body, "[body]") if message.body else error
        retry_at = outbox.mark_failed(engine, message.id, self.name, error, self.clock(), self.rng)
        log.warning("outbox %s %s %s not delivered (%s); next attempt at %s",
                    message.id, message.channel, message.kind, error, f"{retry_at:%Y-%m-%d %H:%M:%S}")

    def _settle_stale(self, engine) -> None:
        before = self.clock() - self.claim_timeout
        for message_id in outbox.stale_claims(engine, before):
            message = outbox.load(engine, message_id)
            try:
                provider_id = self.backend.find_sent(message)
            except DeliveryError as error:
                log.warning("outbox %s: stale claim left as it is; cannot ask the provider (%s)", message_id, error)
                continue
            if provider_id:
                outbox.settle_stale(engine, message_id, before, self.clock(), provider_id=provider_id)
                log.info("outbox %s: stale claim; the provider already had it (%s)", message_id, provider_id)
            elif self.backend.resend_is_harmless:
                outbox.settle_stale(engine, message_id, before, self.clock(), resend=True)
                log.warning("outbox %s: stale claim; sending again", message_id)
            else:
                outbox.settle_stale(engine, message_id, before, self.clock(), error=(
                    "claim expired after a crash; it may have been delivered. Look for "
                    f"{self.backend.trace(message)} in the "
                    f"provider's log, then release it with `flask lp send --release {message_id}` if it was not."))
                log.error("outbox %s: stale claim may have been delivered; marked failed for an operator", message_id)


def start_sender_thread(app: Flask) -> threading.Thread:
    """The embedded mode's sender: a daemon thread beside waitress (LP_OUTBOX_SENDER_THREAD)."""
    sender = Sender(app)
    thread = threading.Thread(
        target=sender.run_forever, args=(threading.Event(), app.config["LP_OUTBOX_POLL_SECONDS"]),
        name="lp-outbox-sender", daemon=True,
    )
    thread.start()
    return thread
