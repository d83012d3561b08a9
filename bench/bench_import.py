"""Time the importer on a generated extract: a fresh load, the same again, and a newer one.

    .venv/bin/python -m bench.make_extract --lines 1000000 --out /tmp/x1m
    .venv/bin/python -m bench.make_extract --lines 1000000 --out /tmp/x1m-newer --changed 0.01
    .venv/bin/python -m bench.bench_import /tmp/x1m /tmp/x1m-newer [--database-url postgresql+psycopg://...]

Builds a fresh database by the migrations (a scratch SQLite file unless --database-url names an
empty database), then prints seconds and payment lines per second for each run.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("extract", type=Path)
    parser.add_argument("newer", type=Path, nargs="?")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

    from flask_migrate import upgrade

    from lp import create_app
    from lp.imports import load_extract

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "test", "LP_OUTBOX_SENDER_THREAD": False})
    with app.app_context():
        upgrade()
        runs = [("fresh", args.extract), ("same again", args.extract)]
        if args.newer:
            runs.append(("newer (1% changed)", args.newer))
        for label, path in runs:
            with open(path / "payment_lines.csv", "rb") as stream:
                lines = sum(1 for _ in stream) - 1
            started = time.perf_counter()
            batch = load_extract(path, run_by="bench")
            seconds = time.perf_counter() - started
            print(f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]:>22} {label:<20} {batch.status:<9} "
                  f"{seconds:6.1f}s {lines / seconds:>10,.0f} lines/s  {batch.counts.get('timings_ms')}")
            if batch.status in ("refused", "failed"):
                print(batch.errors[:5])


if __name__ == "__main__":
    main()
