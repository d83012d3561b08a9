"""Processes killed mid-way, as an operator or the kernel's OOM killer would: SIGKILL, no clean-up.

An import killed while loading leaves nothing loaded and blocks nothing; an outbox worker killed
while a mail server holds its message loses nothing and sends nothing twice unasked.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bench.make_extract import write as write_extract
from lp.admin.imports.services import load_running
from lp.models import Claim, ImportBatch, OutboxMessage, PaymentLine
from lp.models.base import utcnow
from lp.notify import queue_email
from tests.conftest import ROOT
from tests.deploy_faults.conftest import free_port

FLASK = str(Path(sys.executable).with_name("flask"))


def _env(database_url: str, **settings) -> dict:
    return {**os.environ, "LP_ENV": "test", "LP_DATABASE_URL": database_url, **settings}


def _count(db, model) -> int:
    db.session.rollback()  # read what the other process committed, not this session's snapshot
    return db.session.scalar(select(func.count()).select_from(model))


def _kill_when(process: subprocess.Popen, seen, timeout: float = 120) -> str:
    """Read the process's stderr until seen(text) is true, then SIGKILL it; what it printed."""
    printed = ""
    deadline = time.monotonic() + timeout
    while not seen(printed):
        assert time.monotonic() < deadline and process.poll() is None, f"never got there:\n{printed[-2000:]}"
        printed += process.stderr.read(1) or ""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return printed


def test_an_import_killed_while_loading_leaves_nothing_and_the_next_load_takes_all(app, db, database_urls,
                                                                                    backend, tmp_path):
    extract = tmp_path / "extract"
    write_extract(extract, lines=25_000, changed=0.0)
    importer = subprocess.Popen([FLASK, "--app", "app", "lp", "import", str(extract), "--progress"], cwd=ROOT,
                                env=_env(database_urls[backend]), stderr=subprocess.PIPE, text=True)
    try:
        _kill_when(importer, lambda printed: "Loading payment_lines.csv" in printed)
    finally:
        if importer.poll() is None:
            importer.kill()

    assert importer.returncode == -signal.SIGKILL
    assert _count(db, Claim) == 0 and _count(db, PaymentLine) == 0  # its one transaction died with it
    [dead] = db.session.scalars(select(ImportBatch)).all()
    assert dead.status == "running"

    # The console does not wait for it: its lock went with the process.
    with app.test_request_context():
        assert load_running() is None
    db.session.expire_all()
    assert dead.status == "failed" and "its process ended" in dead.errors[0]["reason"]

    again = subprocess.run([FLASK, "--app", "app", "lp", "import", str(extract)], cwd=ROOT,
                           env=_env(database_urls[backend]), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "loaded" in again.stdout
    assert _count(db, PaymentLine) == 25_000


class SlowInbox:
    """A mail server that takes the message, then holds its answer until told to give it."""

    def __init__(self) -> None:
        self.envelopes = []
        self.receiving = threading.Event()
        self.answer = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        while not self.answer.is_set():
            await asyncio.sleep(0.05)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def slow_smtp():
    inbox = SlowInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    yield inbox, server.port
    inbox.answer.set()
    server.stop()


def test_a_worker_killed_mid_send_loses_nothing_and_an_operator_releases_it_once(app, db, database_urls, backend,
                                                                               slow_smtp):
    if backend != "sqlite":
        pytest.skip("a process test; the claim and its settling are tested on every database in tests/notify")
    inbox, port = slow_smtp
    message = queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913",
                          kind="sign_in_key")
    db.session.commit()
    env = _env(database_urls[backend], LP_NOTIFY_BACKEND="smtp", LP_SMTP_HOST="127.0.0.1", LP_SMTP_PORT=str(port),
               LP_SMTP_TIMEOUT="60", LP_OUTBOX_POLL_SECONDS="1")
    worker = subprocess.Popen([FLASK, "--app", "app", "lp", "send", "--forever"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert inbox.receiving.wait(60), "the worker never reached the mail server"
        worker.send_signal(signal.SIGKILL)  # mid-send: the server has the message, the worker never hears back
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    inbox.answer.set()

    db.session.rollback()
    claimed = db.session.get(OutboxMessage, message.id)
    assert claimed.status == "sending"  # kept, not lost

    # Ten minutes on (LP_OUTBOX_CLAIM_MINUTES), the next sender settles the claim. SMTP cannot be
    # asked whether the message arrived, so it is held for an operator instead of sent twice.
    claimed.claimed_at = utcnow() - timedelta(minutes=11)
    db.session.commit()
    subprocess.run([FLASK, "--app", "app", "lp", "send", "--once"], cwd=ROOT, env=env, check=True, timeout=120)
    db.session.rollback()
    held = db.session.get(OutboxMessage, message.id)
    assert held.status == "failed"
    assert f"<outbox-{message.id}." in held.last_error  # the Message-ID to look for in the mail log

    # The operator finds it was not delivered and releases it; the worker sends it once more, only once.
    inbox.envelopes.clear()
    for command in (["--release", str(message.id)], ["--once"]):
        subprocess.run([FLASK, "--app", "app", "lp", "send", *command], cwd=ROOT, env=env, check=True, timeout=120)
    db.session.rollback()
    assert db.session.get(OutboxMessage, message.id).status == "sent"
    [envelope] = inbox.envelopes
    assert message_from_bytes(envelope.content)["Subject"] == "Your sign-in key"

