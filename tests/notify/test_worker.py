"""The Procfile worker: `flask --app app lp send --forever` delivers, then stops cleanly on SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lp.notify import queue_email
from tests.conftest import ROOT

# The sender reads and updates the outbox on connections of its own: it must see real commits.
pytestmark = pytest.mark.committing


def test_worker_sends_then_stops_on_sigterm(app, db, database_urls, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("a slow process test; the database side is covered in test_sender on every database")
    queue_email(to="lead@example.org", subject="Your sign-in key", body="Your key is 482913", kind="sign_in_key")
    db.session.commit()
    outbox = tmp_path / "worker-outbox"
    env = {**os.environ, "LP_ENV": "test", "LP_DATABASE_URL": database_urls[backend], "LP_OUTBOX_DIR": str(outbox),
           "LP_NOTIFY_BACKEND": "files", "LP_OUTBOX_POLL_SECONDS": "1"}
    flask = str(Path(sys.executable).with_name("flask"))
    worker = subprocess.Popen([flask, "--app", "app", "lp", "send", "--forever"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while not any(outbox.glob("*-email.txt")) and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(list(outbox.glob("*-email.txt"))) == 1
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "stopped" in output
