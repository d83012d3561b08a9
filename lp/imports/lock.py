"""One data load at a time, and a load whose process died is known at once.

The lock is held by the loading process itself and let go by the operating system (SQLite: a file
lock beside the database) or by PostgreSQL (a session advisory lock on a connection of its own)
when that process ends, however it ends. So a `running` batch whose lock is free belongs to a
process that was killed: it loaded nothing (its one transaction was rolled back with it) and it
must not block the next load.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from lp.extensions import db

# Any constant will do: it names "the data load" among PostgreSQL's advisory locks.
ADVISORY_KEY = 0x6C70_1D0A


class ImportLock:
    """Non-blocking: acquire() says whether this process now holds the lock."""

    def __init__(self) -> None:
        self._file = None
        self._connection = None

    def acquire(self) -> bool:
        engine = db.engine
        if engine.dialect.name == "postgresql":
            self._connection = engine.connect()
            held = self._connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            self._connection.commit()
            if not held:
                self._close_connection()
            return bool(held)
        self._file = open(_lock_path(), "a")  # noqa: SIM115 (kept open while the lock is held)
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            self._file = None
            return False
        return True

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            self._connection.commit()
            self._close_connection()
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def _close_connection(self) -> None:
        self._connection.close()
        self._connection = None


def load_in_progress() -> bool:
    """True while some process (this one or another) is loading an extract."""
    lock = ImportLock()
    if lock.acquire():
        lock.release()
        return False
    return True


def _lock_path() -> Path:
    """Beside the database file, so every process using that database meets the same lock; an
    in-memory database (tests) has only this process, so the instance folder will do."""
    database = db.engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(f"{os.path.abspath(database)}.import-lock")
    folder = Path(current_app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "import.lock"
