"""Database settings a threaded server needs, and the health check's probe."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from lp.exports import sqlite_functions
from lp.extensions import db


def init_app(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the one writer; the busy timeout makes writers queue, not fail.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # LIKE as PostgreSQL has it (case-sensitive), which lets SQLite serve a prefix search from an
    # index: claim searches match lower-cased keys by LIKE 'key%' (lp/claims/queries.py).
    cursor.execute("PRAGMA case_sensitive_like=ON")
    cursor.close()
    sqlite_functions(dbapi_connection)  # the Python functions the CSV exports' SQL calls


def database_answers(engine: Engine | None = None) -> bool:
    try:
        with (engine or db.engine).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure to reach the database is "not healthy"
        return False
