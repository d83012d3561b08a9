"""The views' audit events of concurrent requests are written together, and each request returns only
once its own events are written (lp/audit.py, _GroupCommit)."""
from __future__ import annotations

import threading
import time

import pytest

from lp import audit


def _events(n: int) -> list[dict]:
    return [{"action": "claims.viewed", "object_ref": f"HB{n}"}]


def test_concurrent_views_share_writes_and_each_waits_for_its_own(monkeypatch):
    written: list[str] = []
    batches: list[int] = []

    def slow_write(events):
        time.sleep(0.02)  # a write under way while other threads arrive
        batches.append(len(events))
        written.extend(event["object_ref"] for event in events)

    monkeypatch.setattr(audit, "_write", slow_write)
    views = audit._GroupCommit()
    returned_before_written = []

    def answer(n):
        views.write(_events(n))
        if f"HB{n}" not in written:
            returned_before_written.append(n)

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(written) == sorted(f"HB{n}" for n in range(40))
    assert not returned_before_written
    assert len(batches) < 40 and max(batches) > 1


def test_an_idle_server_writes_each_view_at_once(monkeypatch):
    batches = []
    monkeypatch.setattr(audit, "_write", lambda events: batches.append([e["object_ref"] for e in events]))
    views = audit._GroupCommit()
    views.write(_events(1))
    views.write(_events(2))
    assert batches == [["HB1"], ["HB2"]]


def test_a_failed_write_fails_every_view_of_its_batch_and_no_later_one(monkeypatch):
    started, release = threading.Event(), threading.Event()
    calls = []

    def write(events):
        calls.append([e["object_ref"] for e in events])
        if len(calls) == 1:  # the first batch: hold it while the others queue up
            started.set()
            release.wait(5)
        elif len(calls) == 2:
            raise OSError("disk I/O error")

    monkeypatch.setattr(audit, "_write", write)
    views = audit._GroupCommit()
    outcome: dict[int, str] = {}

    def answer(n):
        try:
            views.write(_events(n))
            outcome[n] = "written"
        except (OSError, RuntimeError) as error:
            outcome[n] = f"failed: {error}"

    first = threading.Thread(target=answer, args=(0,))
    first.start()
    assert started.wait(5)
    queued = [threading.Thread(target=answer, args=(n,)) for n in (1, 2, 3)]
    for thread in queued:
        thread.start()
    time.sleep(0.05)  # all three wait behind the first write
    release.set()
    for thread in [first, *queued]:
        thread.join()
    assert calls[1] == ["HB1", "HB2", "HB3"]
    assert outcome[0] == "written"
    assert all(outcome[n].startswith("failed") for n in (1, 2, 3))
    assert {outcome[n] for n in (1, 2, 3)} >= {"failed: disk I/O error"}
    views.write(_events(4))  # the next batch is written as usual
    assert calls[-1] == ["HB4"]


def test_nothing_to_write_writes_nothing(monkeypatch):
    monkeypatch.setattr(audit, "_write", lambda events: pytest.fail("written"))
    audit._GroupCommit().write([])
