"""Redis down is degraded, never closed: sign-in goes on with per-process limits, one warning in the
log, /healthz says so, and the counters go back to Redis when it returns."""
from __future__ import annotations

import logging
import time

from tests.conftest import parse_page
from tests.deploy_faults.conftest import app_like
from tests.factories import PASSWORD

FALLING_BACK = "falling back to in-memory storage"


def _try_username(client, username: str):
    """A sign-in with no password: cheap (no hashing) and counted by the per-username limit."""
    return client.post("/sign-in", data={"username": username, "password": ""})


def test_landlords_sign_in_while_redis_is_down_and_limits_go_back_to_redis(app, landlord_world, redis_server, caplog):
    caplog.set_level(logging.INFO, logger="flask-limiter")
    lp = app_like(app, LP_REDIS_URL=redis_server.url, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False)
    client = lp.test_client()
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "rate_limits": "shared", "redis": "ok"}
    _try_username(client, "someone")
    assert redis_server.client().dbsize() > 0, "the counters live in Redis while it answers"

    redis_server.stop()
    # The right password still gets the landlord to the key page.
    signed_in = client.post("/sign-in", data={"username": "lead", "password": PASSWORD})
    assert signed_in.status_code == 303 and signed_in.headers["Location"].endswith("/sign-in/key")
    # The other limited forms answer as usual too (here: their error messages).
    assert "Enter your username or e-mail address" in parse_page(client.post("/forgotten-password", data={})).text()
    assert "Enter your landlord reference" in parse_page(client.post("/register", data={})).text()
    # Limits still hold, counted in this process: the sixth try at one username in a minute is refused.
    pages = [_try_username(client, "nobody") for _ in range(6)]
    for page in pages[:5]:
        assert "Enter your password" in parse_page(page).text()
    refused = parse_page(pages[5], status=429)
    assert refused.text("h1") == "Too many attempts"
    assert refused.response.headers["Content-Security-Policy"]
    warnings = [r for r in caplog.records if FALLING_BACK in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING, "one warning per outage, not per request"
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded", "database": "ok", "rate_limits": "per-process", "redis": "unreachable"}

    redis_server.start()  # empty: no persistence
    assert client.get("/healthz").json["rate_limits"] == "shared"
    deadline = time.monotonic() + 45  # Flask-Limiter retries Redis with a backoff of up to 32 s
    tries = 0
    while redis_server.client().dbsize() == 0:
        assert time.monotonic() < deadline, "the limits never went back to Redis"
        tries += 1
        _try_username(client, f"returning-{tries}")
        time.sleep(0.25)
    assert any("storage recovered" in r.getMessage() for r in caplog.records)
    assert len([r for r in caplog.records if FALLING_BACK in r.getMessage()]) == 1
