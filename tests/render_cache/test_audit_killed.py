"""The audit is never lost: lp under waitress, loaded with concurrent views (fresh and kept), stopped by TERM
or killed outright; every view it answered has its event in the audit log."""
from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench import server
from lp.models import AuditEvent
from tests import factories as f
from tests.conftest import ROOT

WAITRESS = str(Path(sys.executable).with_name("waitress-serve"))
PORT = 8650  # helper D's ports are 8640-8659
_counting = threading.Lock()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_every_view_answered_has_its_event_when_the_server_is_stopped_under_load(db, database_urls, backend,
                                                                                 landlord_world, stop):
    claim = f.make_claim(landlord_world["account"], reference="HB100")
    f.make_entitlement(claim)
    payment = f.make_payment(landlord_world["account"], lines=[(claim, 9850, 0, 0)])
    db.session.commit()
    url = database_urls[backend]
    cookie = "=".join(server.session_cookie(url, username="lead"))
    paths = {"/claims/HB100": "entitlements", "/claims/HB100/payments": "payments",
             f"/payments/{payment.id}": payment.reference}
    port = PORT + (1 if stop == signal.SIGKILL else 0)
    process = subprocess.Popen(  # noqa: S603
        [WAITRESS, "--host=127.0.0.1", f"--port={port}", "--threads=6", "--ident=", "--call", "lp:create_app"],
        cwd=ROOT, env={**os.environ, **server.settings(url)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answered: Counter = Counter()
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        for path in paths:  # each page once, rendered and kept, before the load
            with urllib.request.urlopen(urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
                    f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}), timeout=60) as response:
                assert response.status == 200 and response.read().rstrip().endswith(b"</html>")
                answered[path] += 1
        stopping = threading.Event()
        workers = [threading.Thread(target=_views, args=(f"http://127.0.0.1:{port}", list(paths), cookie, answered,
                                                         stopping)) for _ in range(8)]
        for worker in workers:
            worker.start()
        _wait_until_answered(answered, VIEWS_BEFORE_THE_STOP)
        process.send_signal(stop)  # while the views are still coming
        process.wait(timeout=60)
        stopping.set()
        for worker in workers:
            worker.join(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert sum(answered.values()) > 3 * len(paths), answered  # it was under load, fresh and kept
    db.session.rollback()  # read what the server committed
    for path, object_ref in paths.items():
        if object_ref == payment.reference:
            where = AuditEvent.object_ref == object_ref
        else:
            where = (AuditEvent.object_ref == "HB100") & (AuditEvent.detail == object_ref)
        recorded = db.session.scalar(select(func.count()).select_from(AuditEvent).where(where))
        # Every answer has its event; an event may have no answer (written, then the server stopped).
        assert recorded >= answered[path] > 1, (path, recorded, answered[path])


# Views answered under load before the server is stopped: enough that each page has been both rendered and
# kept many times over by the eight threads, whatever the machine's speed (a fixed sleep waited 6 s on any).
VIEWS_BEFORE_THE_STOP = 60


def _wait_until_answered(answered: Counter, views: int) -> None:
    deadline = time.monotonic() + 60
    while sum(answered.values()) < views:
        assert time.monotonic() < deadline, f"only {sum(answered.values())} views answered in 60 s"
        time.sleep(0.05)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - http://127.0.0.1 only
                return
        except OSError:
            assert time.monotonic() < deadline, f"{url} never answered"
            time.sleep(0.3)


def _views(base: str, paths: list[str], cookie: str, answered: Counter, stopping: threading.Event) -> None:
    """GET the paths in turn until the server is gone; count each 200 whose page came back whole."""
    n = 0
    while not stopping.is_set():
        path = paths[n % len(paths)]
        n += 1
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                body = response.read()
                if response.status == 200 and body.rstrip().endswith(b"</html>"):
                    with _counting:
                        answered[path] += 1
        except (OSError, http.client.HTTPException):  # a page cut off by the kill is not answered
            if stopping.is_set():
                return
            time.sleep(0.05)
