"""Requests from the nightly extract (requests.csv, optional): loaded by request_id, checked like every
file, and an answer already given is never overwritten by a later extract."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lp.imports import load_extract
from lp.models import Task
from lp.models.base import utcnow
from tests.imports.extract import ExtractFiles


def request(request_id: str, claim_reference: str = "HB1000234", **cells) -> dict:
    return {"request_id": request_id, "claim_reference": claim_reference, "kind": "tenancy_details",
            "raised_on": "2026-11-20", "due_on": "2026-12-04", **cells}


def load(extract: ExtractFiles, folder):
    folder.mkdir(exist_ok=True)
    return load_extract(extract.write(folder), run_by="cli:tester")


def test_requests_in_the_extract_become_tasks_on_their_claims(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["requests.csv"] = [request("Q1"), request("Q2", "HB1000300", kind="still_resident")]
    batch = load(extract, tmp_path / "x")
    assert batch.status == "loaded" and batch.counts["requests"]["inserted"] == 2
    tasks = {t.reference: t for t in db.session.scalars(select(Task))}
    assert tasks["Q2"].kind == "still_resident" and tasks["Q2"].claim.reference == "HB1000300"
    assert (tasks["Q1"].raised_on, tasks["Q1"].due_on) == (date(2026, 11, 20), date(2026, 12, 4))


def test_an_extract_without_requests_loads_as_before(db, tmp_path):
    batch = load(ExtractFiles.valid(), tmp_path / "x")
    assert batch.status == "loaded" and "requests" not in batch.counts


def test_a_later_extract_moves_the_due_date_but_keeps_the_answer(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["requests.csv"] = [request("Q1")]
    load(extract, tmp_path / "x")
    task = db.session.scalar(select(Task))
    task.answered_at, task.rent_pence, task.tenant_name = utcnow(), 45000, "Aisha Khan"
    db.session.commit()
    extract.rows["requests.csv"] = [request("Q1", due_on="2026-12-11")]
    load(extract, tmp_path / "y")
    db.session.expire_all()
    task = db.session.scalar(select(Task))
    assert task.due_on == date(2026, 12, 11) and (task.rent_pence, task.tenant_name) == (45000, "Aisha Khan")


def test_bad_requests_are_refused_line_by_line_and_nothing_loads(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["requests.csv"] = [
        request("Q1"), request("Q1"), request("Q3", "HB0000000"), request("Q4", kind="tenancy"),
        request("Q5", due_on="2026-11-01"), request("LP-000001"),
    ]
    batch = load(extract, tmp_path / "x")
    assert batch.status == "refused" and db.session.scalar(select(Task)) is None
    found = {(e["file"], e["line"], e["column"]) for e in batch.errors}
    assert {("requests.csv", 3, "request_id"), ("requests.csv", 4, "claim_reference"), ("requests.csv", 5, "kind"),
            ("requests.csv", 6, "due_on"), ("requests.csv", 7, "request_id")} <= found
