"""Bulk paths: importing 1,000,000 payment lines (fresh and re-run, by bench/bench_import.py on an extract
from bench/make_extract.py) and exporting them as the reconciliation CSV (lp.payments.downloads.line_chunks
through lp.exports.csv_chunks, the generator /payments/lines.csv streams: CSV text from PostgreSQL's COPY or
SQLite's one text per line), with lines/s, CPU seconds and peak extra memory.

    python -m bench.bulk export DATABASE_URL      (one export in a process of its own; prints JSON)
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select, text, update

from bench.dataset import CACHE, POSTGRES_SERVER, PYTHON, ROOT, _recreate_postgres_database

LINES = 1_000_000
EXTRACT = CACHE / "extract-1m"
IMPORT_URLS = {"sqlite": f"sqlite:///{CACHE / 'import-1m.sqlite3'}",
               "postgresql": f"{POSTGRES_SERVER}/lp_bench_import"}
EXPORT_RATE_BUDGET = 100_000
EXPORT_MEMORY_BUDGET = 50 * 1024 * 1024
IMPORT_BUDGETS = {"fresh": 60.0, "same again": 20.0}
RUN_LINE = re.compile(r"(fresh|same again)\s+(\w+)\s+([\d.]+)s\s+([\d,]+) lines/s\s+(.*)$")


def ensure_extract(log=print) -> Path:
    """The 1M-line extract, written once by bench/make_extract.py and kept under bench/cache/."""
    done = EXTRACT / "COMPLETE"
    if not done.exists():
        log(f"writing a {LINES:,}-line extract to {EXTRACT} (bench/make_extract.py)")
        subprocess.run([PYTHON, "-m", "bench.make_extract", "--lines", str(LINES), "--out", str(EXTRACT)],  # noqa: S603
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        done.write_text("1")
    return EXTRACT


def run_import(db: str, log=print) -> dict:
    """Fresh import into an empty database built by the migrations, then the same extract again."""
    extract = ensure_extract(log)
    url = IMPORT_URLS[db]
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(CACHE / "import-1m.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        _recreate_postgres_database("lp_bench_import")
    log(f"[{db}] importing {LINES:,} payment lines (bench/bench_import.py), fresh then again")
    completed = subprocess.run([PYTHON, "-m", "bench.bench_import", str(extract), "--database-url", url],  # noqa: S603
                               cwd=ROOT,
                               capture_output=True, text=True)
    runs = {}
    for line in completed.stdout.splitlines():
        match = RUN_LINE.search(line)
        if match:
            label, status, seconds, rate, timings = match.groups()
            runs[label] = {"status": status, "seconds": float(seconds), "lines_per_s": int(rate.replace(",", "")),
                           "timings_ms": timings, "budget_s": IMPORT_BUDGETS[label],
                           "met": status in ("loaded", "unchanged") and float(seconds) < IMPORT_BUDGETS[label]}
    if not runs:
        raise RuntimeError(f"bench_import.py gave no timings:\n{completed.stdout}\n{completed.stderr[-3000:]}")
    return {"url": url, "runs": runs}


def run_export(db: str, log=print) -> dict:
    """The reconciliation export of every line in the imported database, in a process of its own."""
    url = IMPORT_URLS[db]
    log(f"[{db}] exporting every payment line as the reconciliation CSV")
    completed = subprocess.run([PYTHON, "-m", "bench.bulk", "export", url], cwd=ROOT, capture_output=True,  # noqa: S603
                               text=True)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    raise RuntimeError(f"the export gave no figures:\n{completed.stdout}\n{completed.stderr[-3000:]}")


def _rss(field: str = "RssAnon:") -> int:
    """Private (anonymous) resident memory: heap and stacks, not pages of the database file that SQLite
    maps (mmap_size), which the kernel shares and reclaims like any file cache."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def export_in_process(url: str) -> dict:
    """Link every account to one organisation (a scratch database) and stream its lines through csv_chunks."""
    from lp import create_app
    from lp.exports import csv_chunks
    from lp.extensions import db
    from lp.models import Landlord, LandlordAccount
    from lp.payments.downloads import LINE_HEADER, line_chunks

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "test", "SECRET_KEY": "bench",
                      "LP_OUTBOX_SENDER_THREAD": False})
    with app.app_context():
        landlord = db.session.scalar(select(Landlord).where(Landlord.name == "Bench export"))
        if landlord is None:
            landlord = Landlord(name="Bench export")
            db.session.add(landlord)
            db.session.flush()
        db.session.execute(update(LandlordAccount).values(landlord_id=landlord.id))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # as a load leaves it (lp/imports/batch.py): planned for the new owner
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        landlord_id = landlord.id
    with app.app_context(), app.test_request_context("/payments/lines.csv"):
        db.session.execute(text("SELECT 1"))  # connect before the baseline
        baseline = peak = _rss()
        baseline_total = peak_total = _rss("VmRSS:")
        stop = threading.Event()

        def sample():
            nonlocal peak, peak_total
            while not stop.is_set():
                peak = max(peak, _rss())
                peak_total = max(peak_total, _rss("VmRSS:"))
                time.sleep(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        lines = size = 0
        for chunk in csv_chunks(LINE_HEADER, line_chunks(landlord_id)):  # str (SQLite) or UTF-8 bytes (PostgreSQL)
            data = chunk.encode() if isinstance(chunk, str) else chunk  # as the WSGI server sends it
            lines += data.count(b"\r\n")
            size += len(data)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        stop.set()
        sampler.join()
        peak = max(peak, _rss())
    lines -= 1  # the header
    extra = peak - baseline
    rate = lines / seconds
    return {"url": url, "lines": lines, "seconds": seconds, "cpu_seconds": cpu_seconds, "lines_per_s": rate,
            "lines_per_cpu_s": lines / cpu_seconds, "bytes": size,
            "peak_extra_bytes": extra, "peak_extra_rss_bytes": peak_total - baseline_total, "rate_met": rate >= EXPORT_RATE_BUDGET,
            "memory_met": extra < EXPORT_MEMORY_BUDGET}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "export":
        print("BENCHJSON " + json.dumps(export_in_process(argv[1])))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
