"""One run of the importer: the ImportBatch it records, and the one transaction everything loads in."""
from __future__ import annotations

import logging
import os
import time

from flask import current_app
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from lp import audit
from lp.alerts import queue_new_letter_alerts
from lp.audit_actions import IMPORT_FINISHED
from lp.extensions import db
from lp.imports import derived
from lp.imports.fields import forget
from lp.imports.load import Loader
from lp.imports.lock import ImportLock
from lp.imports.reader import MAX_EXTRACT_BYTES, Extract, ExtractRefused, overall_checksum
from lp.imports.validate import validate
from lp.models import ImportBatch, User
from lp.models.base import utcnow

log = logging.getLogger(__name__)


def load_extract(path: str | os.PathLike, *, run_by: str, run_by_id: int | None = None,
                 progress: bool = False) -> ImportBatch:
    """Check the extract at `path` (a folder or a .zip) and, if every row is valid, load it.

    Returns the committed ImportBatch, whose status is `loaded`, `unchanged` (the same files as
    the last loaded batch: nothing done), `refused` (`counts["error_groups"]` holds each kind of
    error with its count, `errors` the first 20 of each kind, kind by kind, as {file, line, column, reason},
    `counts["errors"]` the total; nothing loaded; also when another load holds the lock) or
    `failed` (an unexpected error, rolled back; nothing loaded). `counts` holds per table
    {"inserted", "updated", "unchanged"} and `counts["timings_ms"]` the time of each step.
    """
    started = time.monotonic()
    lock = ImportLock()
    if not lock.acquire():
        return _refused_while_another_runs(path, run_by, run_by_id)
    try:
        settle_dead_loads()
        return _load_holding_the_lock(path, run_by=run_by, run_by_id=run_by_id, progress=progress, started=started)
    finally:
        lock.release()


def settle_dead_loads() -> int:
    """Mark `running` batches whose process has died as failed (see lp/imports/lock.py); call it
    only while no load is in progress. Their transaction was rolled back: nothing was loaded."""
    result = db.session.execute(
        update(ImportBatch).where(ImportBatch.status == "running")
        .values(status="failed", finished_at=utcnow(), errors=[{"file": "", "line": 0, "column": "", "reason": STOPPED}])
    )
    db.session.commit()
    return result.rowcount


STOPPED = "The load stopped before it finished (its process ended); nothing was loaded. Load the extract again."
BUSY = "Another data load is running. Wait for it to finish, then try again; nothing was loaded."


def _refused_while_another_runs(path, run_by: str, run_by_id: int | None) -> ImportBatch:
    batch = ImportBatch(source=str(path)[-500:], checksum="", files={}, counts={"errors": 1},
                        errors=[{"file": "", "line": 0, "column": "", "reason": BUSY}],
                        status="refused", run_by=run_by[:120], run_by_id=run_by_id)
    db.session.add(batch)
    return _finish(batch, "refused", time.monotonic(), {})


def _load_holding_the_lock(path, *, run_by: str, run_by_id: int | None, progress: bool,
                           started: float) -> ImportBatch:
    batch = ImportBatch(source=str(path)[-500:], checksum="", files={}, counts={}, errors=[],
                        status="running", run_by=run_by[:120], run_by_id=run_by_id)
    db.session.add(batch)
    db.session.commit()  # seen as running while it works
    timings: dict[str, int] = {}
    checksums: dict[str, str] = {}
    try:
        limit = current_app.config.get("LP_IMPORT_MAX_BYTES", MAX_EXTRACT_BYTES)
        with Extract(path, max_bytes=limit) as extract:
            checksums, line_counts = extract.checksums()
            batch.files, batch.checksum = checksums, overall_checksum(checksums)
            _lap(timings, "checksums", started)
            if batch.checksum == _last_loaded_checksum():
                return _finish(batch, "unchanged", started, timings)

            # End the read so the load starts a fresh write transaction (SQLite refuses to upgrade
            # a read that another writer has overtaken). The batch says it is still running.
            db.session.commit()

            # One pass: each file is read once, its rows checked and, until the first error, written.
            connection = db.session.connection()
            loader = Loader(extract, connection, batch_id=batch.id, checksums=checksums)
            errors = validate(extract, connection, line_counts=line_counts, progress=progress, loader=loader)
            _lap(timings, "check and load", started)
            if errors.count:
                db.session.rollback()  # all or nothing: what was written before the first error goes
                shown, groups = errors.report()
                batch.errors, batch.counts = shown, {"errors": errors.count, "error_groups": groups}
                return _finish(batch, "refused", started, timings)
            if loader.stopped:  # a row named a missing one, yet no check said so
                raise RuntimeError("a row refers to one that is neither in the extract nor loaded")
            batch.counts = loader.result()
            derived.after_load(db.session.connection())  # letters' owners, payments' totals (issue 14)
            batch.new_letters = batch.counts["letters"]["inserted"]
            queue_new_letter_alerts(batch)  # in the load's transaction: alerts only if the letters commit
            _lap(timings, "after the load", started)
            batch = _finish(batch, "loaded", started, timings)
            _refresh_statistics()
            return batch
    except ExtractRefused as refused:
        db.session.rollback()
        batch.files, batch.checksum = checksums, overall_checksum(checksums) if checksums else ""
        batch.errors = [{"file": refused.file, "line": 0, "column": "", "reason": refused.reason}]
        batch.counts = {"errors": 1}
        return _finish(batch, "refused", started, timings)
    except Exception as error:  # anything else: roll back every row, say what broke
        db.session.rollback()
        log.exception("import batch %s failed; nothing was loaded", batch.id)
        batch.files, batch.checksum = checksums, overall_checksum(checksums) if checksums else ""
        batch.errors = [{"file": "", "line": 0, "column": "", "reason": _describe(error)}]
        batch.counts = {}
        return _finish(batch, "failed", started, timings)
    finally:
        forget()


def _refresh_statistics() -> None:
    """A load can add millions of rows at once; PostgreSQL plans from statistics that autovacuum
    refreshes only some time later, and with the old ones it chose sequential scans of every claim
    for each landlord page (docs/performance.md). ANALYZE reads
    a sample of each table, so it takes seconds. SQLite's plans do not depend on statistics here."""
    if db.engine.dialect.name != "postgresql":
        return
    began = time.monotonic()
    try:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    except DBAPIError:  # the load is committed whatever happens here; autovacuum will catch up
        db.session.rollback()
        log.warning("ANALYZE after the load failed; query plans may be poor until autovacuum runs", exc_info=True)
        return
    log.info("statistics refreshed after the load in %.1f s", time.monotonic() - began)


def _last_loaded_checksum() -> str | None:
    return db.session.scalar(select(ImportBatch.checksum).where(ImportBatch.status == "loaded")
                             .order_by(ImportBatch.id.desc()).limit(1))


def _lap(timings: dict[str, int], step: str, started: float) -> None:
    timings[step] = round((time.monotonic() - started) * 1000) - sum(timings.values())


def _describe(error: Exception) -> str:
    # A database error's str() carries the statement's parameters (tenants' names): keep the
    # driver's own message only.
    message = str(error.orig) if isinstance(error, DBAPIError) else str(error)
    return f"Unexpected error, nothing was loaded: {type(error).__name__}: {message[:500]}"


def _finish(batch: ImportBatch, status: str, started: float, timings: dict[str, int]) -> ImportBatch:
    batch.status = status
    batch.finished_at = utcnow()
    batch.duration_ms = round((time.monotonic() - started) * 1000)
    batch.counts = {**(batch.counts or {}), "timings_ms": timings}
    audit.record(IMPORT_FINISHED, object_type="import_batch", object_ref=str(batch.id),
                 detail=_summary(batch), user=db.session.get(User, batch.run_by_id) if batch.run_by_id else None)
    db.session.commit()
    return batch


def _summary(batch: ImportBatch) -> str:
    """The audit detail: status and counts only (never tenant data)."""
    if batch.status == "loaded":
        tables = {k: v for k, v in batch.counts.items() if isinstance(v, dict) and "inserted" in v}
        parts = [f"{t} +{c['inserted']} ~{c['updated']} ={c['unchanged']}" for t, c in tables.items()]
        return f"loaded by {batch.run_by}: " + ", ".join(parts)
    if batch.status == "refused":
        return f"refused for {batch.counts.get('errors', len(batch.errors))} error(s), by {batch.run_by}"
    return f"{batch.status}, by {batch.run_by}"
