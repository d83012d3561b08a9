"""Serve lp (and the hello-world yardstick) under waitress as production would, on 127.0.0.1, for one bench run."""
from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.dataset import CACHE, PYTHON, ROOT

# The documented layout (README, "Running at scale"): one waitress process per core, a few threads each.
PROCESSES = os.cpu_count() or 1
THREADS = 4
SECRET_KEY = "bench-" + hashlib.sha256(b"lp bench secret").hexdigest()  # local benchmark only


def settings(url: str) -> dict[str, str]:
    """The environment lp is served with: production, no sender thread in the web process."""
    return {
        "LP_ENV": "production",
        "LP_SECRET_KEY": SECRET_KEY,
        "LP_DATABASE_URL": url,
        "LP_OUTBOX_SENDER_THREAD": "0",
        "LP_THREADS": str(THREADS),
        "LP_NOTIFY_BACKEND": "files",
        "LP_OUTBOX_DIR": str(CACHE / "outbox"),
        # As documented for several processes: rate-limit counters in Redis (a database of the bench's own).
        "LP_REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13"),
        # One token asks for thousands of answers a second here: the limit would answer 429, not lp's work.
        "LP_API_RATE_LIMIT": "10000000 per minute",
    }


def command(call: str, port: int) -> list[str]:
    return [PYTHON, "-m", "bench.workers", "--call", call, f"--port={port}", f"--processes={PROCESSES}",
            f"--threads={THREADS}"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(call: str, env: dict[str, str] | None = None, probe: str = "/", log_name: str = "server"):
    """Start `python -m bench.workers --call <call>` (waitress, one process per core), wait until `probe`
    answers, yield the base URL, then stop it."""
    port = free_port()
    CACHE.mkdir(parents=True, exist_ok=True)
    log = open(Path(CACHE) / f"{log_name}.log", "w")  # noqa: SIM115 - closed when the server stops
    process = subprocess.Popen(command(call, port), cwd=ROOT, env={**os.environ, **(env or {})},  # noqa: S603
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + probe, timeout=5):  # noqa: S310 - http://127.0.0.1 only
                    break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{call} did not start ({error}); see {log.name}") from error
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def session_cookie(url: str, username: str = "demo-lead") -> tuple[str, str]:
    """Sign `username` in without the online key: a UserSession row written directly, and the cookie
    lp would have set for it, signed with the server's secret. Returns (cookie name, value)."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from lp import create_app
    from lp.extensions import db
    from lp.models import User
    from lp.sessions import start_session

    app = create_app({**_app_config(url), "TESTING": False})
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == username))
        if user is None:
            raise SystemExit(f"no user {username!r} in {url}")
        with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            start_session(user)
            login_user(user)
            # The CSRF token a browser holds from its first page on: wrk sends this cookie unchanged, and
            # without the token every answer would make one and set the cookie again.
            generate_csrf()
            db.session.commit()
            data = dict(session)
        value = app.session_interface.get_signing_serializer(app).dumps(data)
        return app.config["SESSION_COOKIE_NAME"], value


def api_token(url: str, username: str = "demo-lead") -> str:
    """A new API token of `username`'s organisation with every permission the user may grant, made as the
    token page makes one (lp.api.tokens.create); returns its secret, shown to the bench only."""
    from lp import create_app
    from lp.api import tokens
    from lp.extensions import db
    from lp.models import User

    app = create_app({**_app_config(url), "TESTING": False})
    with app.app_context(), app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        user = db.session.scalar(db.select(User).where(User.username == username))
        return tokens.create(user, name="bench", permissions=list(tokens.grantable(user)), days=1)[1]


def _app_config(url: str) -> dict:
    """The in-process app (bench.fixed_cost, the session and token set-up) as settings() serves it."""
    served = settings(url)
    return {"LP_ENV": "production", "SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url,
            "LP_OUTBOX_SENDER_THREAD": False, "LP_REDIS_URL": served["LP_REDIS_URL"],
            "LP_API_RATE_LIMIT": served["LP_API_RATE_LIMIT"]}

