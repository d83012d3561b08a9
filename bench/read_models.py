"""The read-model pages of issue 14 (dashboard, unread letters, a payment breakdown, the default claims list)
on a benchmark dataset: time per request (render cache off), and every SELECT each page runs, timed alone,
with its plan (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE). For docs/performance.md's
"Read models" section, before and after.

    .venv/bin/python -m bench.read_models [--db sqlite|postgresql] [--runs 100] [--plans]
"""
from __future__ import annotations

import argparse
import time

from sqlalchemy import event

from bench import dataset, server, targets
from bench.plans import sqlite_tree

BROTLI = {"Accept-Encoding": "br, gzip"}


def pages(picked: dict) -> list[tuple[str, str]]:
    return [("dashboard", "/"), ("letters: unread", "/letters?unread=y"),
            ("payment breakdown", f"/payments/{picked['payment_id']}"), ("claims (default list)", "/claims")]


def per_request(client, path: str, runs: int) -> tuple[float, float]:
    client.get(path, headers=BROTLI)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(runs):
        assert client.get(path, headers=BROTLI).status_code == 200, path
    return (time.perf_counter() - wall) / runs * 1000, (time.process_time() - cpu) / runs * 1000


def statements_of(app, client, path: str) -> list[tuple[str, object]]:
    """Every SELECT one request for `path` sends to the database, with its parameters."""
    from lp.extensions import db

    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path, headers=BROTLI)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def explain(app, statement: str, parameters, runs: int = 5) -> tuple[float, str]:
    """(median ms of the statement alone, its plan)."""
    from lp.extensions import db

    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            timings = []
            for _ in range(runs):
                began = time.perf_counter()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                timings.append((time.perf_counter() - began) * 1000)
            if db.engine.dialect.name == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                plan = "\n".join(sqlite_tree(cursor.fetchall()))
            else:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, parameters)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            raw.rollback()
        finally:
            raw.close()
    return sorted(timings)[len(timings) // 2], plan


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.read_models", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--plans", action="store_true", help="print each page's SELECTs with their plans")
    args = parser.parse_args()

    from lp import create_app

    url = dataset.URLS[args.db]
    picked = targets.pick(url)
    app = create_app({**server._app_config(url), "LP_RENDER_CACHE_BYTES": 0})
    client = app.test_client()
    client.set_cookie(*server.session_cookie(url))
    for name, path in pages(picked):
        wall, cpu = per_request(client, path, args.runs)
        print(f"{name:28s} {path:40s} {wall:7.2f} ms wall {cpu:7.2f} ms CPU")
        if args.plans:
            for statement, parameters in statements_of(app, client, path):
                ms, plan = explain(app, statement, parameters)
                print(f"\n  [{ms:.2f} ms] {' '.join(statement.split())[:400]}\n  params {parameters}\n")
                print("    " + plan.replace("\n", "\n    "))
            print()


if __name__ == "__main__":
    main()
