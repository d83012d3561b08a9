"""The council demo dataset on SQLite and PostgreSQL, built once by `lp demo --scale council` and reused."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
FLASK = str(ROOT / ".venv" / "bin" / "flask")
DEMO_PASSWORD = "bench-Demo-pass-2026"  # noqa: S105 - LP_DEMO_PASSWORD for the demo sign-ins; a local benchmark only
COUNCIL_CLAIMS = 200_000
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
URLS = {
    "sqlite": f"sqlite:///{CACHE / 'council.sqlite3'}",
    "postgresql": f"{POSTGRES_SERVER}/lp_bench",
}


def counts(url: str) -> dict | None:
    """What the database holds (claims, payment lines, a loaded import batch, demo-lead), or None if unreadable."""
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM payment_line), "
                "(SELECT count(*) FROM import_batch WHERE status = 'loaded'), "
                "(SELECT count(*) FROM user_account WHERE username = 'demo-lead')"
            )).one()
        engine.dispose()
    except Exception:  # a missing file, database or table: not built
        return None
    return {"claims": row[0], "payment_lines": row[1], "loaded_batches": row[2], "demo_lead": row[3]}


def complete(url: str) -> bool:
    found = counts(url)
    return bool(found and found["claims"] == COUNCIL_CLAIMS and found["loaded_batches"] and found["demo_lead"])


def environment(url: str, **extra: str) -> dict:
    env = {**os.environ, "LP_DATABASE_URL": url, "LP_ENV": "development", "LP_DEMO_PASSWORD": DEMO_PASSWORD,
           "LP_OUTBOX_SENDER_THREAD": "0", "LP_OUTBOX_DIR": str(CACHE / "outbox")}
    env.update(extra)
    return env


def ensure(db: str, log=print) -> dict:
    """Build the council dataset for `db` unless the cache is complete; returns its counts and build time."""
    url = URLS[db]
    if complete(url):
        log(f"[{db}] council dataset cached: {counts(url)}")
        return {"url": url, "built_seconds": None, **counts(url)}
    CACHE.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(CACHE / "council.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        _recreate_postgres_database("lp_bench")
    log(f"[{db}] building the council dataset (lp demo --scale council); this takes a long while")
    started = time.monotonic()
    env = environment(url)
    with open(CACHE / f"build-{db}.log", "w") as out:
        subprocess.run([FLASK, "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, stdout=out,  # noqa: S603
                       stderr=subprocess.STDOUT, check=True)
        subprocess.run([FLASK, "--app", "app", "lp", "demo", "--scale", "council", "--no-progress"],  # noqa: S603
                       cwd=ROOT,
                       env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    seconds = time.monotonic() - started
    if not complete(url):
        raise SystemExit(f"[{db}] the council dataset is incomplete after the build: {counts(url)}; "
                         f"see {CACHE / f'build-{db}.log'}")
    log(f"[{db}] built in {seconds:.0f}s: {counts(url)}")
    return {"url": url, "built_seconds": seconds, **counts(url)}


def _recreate_postgres_database(name: str) -> None:
    engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
