"""The demo has requests to answer: a few for every demo landlord, one of them overdue, and they load."""
from __future__ import annotations

from collections import Counter
from datetime import date

from lp.imports import load_extract
from lp.models import Task
from tests.demo.conftest import AS_AT


def test_every_demo_account_has_requests_and_one_is_overdue(rows):
    requests, claims = rows("requests"), {c["claim_reference"]: c for c in rows("claims")}
    per_account = Counter(claims[r["claim_reference"]]["landlord_reference"] for r in requests)
    assert set(per_account) == {c["landlord_reference"] for c in claims.values()}
    assert per_account["9998"] == 3 and min(per_account.values()) >= 1
    assert {r["kind"] for r in requests} == {"tenancy_details", "still_resident"}
    assert any(date.fromisoformat(r["due_on"]) < AS_AT for r in requests)
    assert all(claims[r["claim_reference"]]["status"] != "Ended" for r in requests)


def test_the_demo_requests_load_through_the_importer(db, demo_folder):
    batch = load_extract(demo_folder / "extract", run_by="demo")
    assert batch.status == "loaded"
    assert db.session.query(Task).count() == batch.counts["requests"]["inserted"] > 10
