"""Flask-Limiter throttles sign-in guesses at one username (the only test with the limiter on)."""
from __future__ import annotations

from lp import create_app


def test_the_sixth_sign_in_a_minute_for_one_username_is_refused(app, database_urls, backend):
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_STORAGE_URI": "memory://"})
    client = limited.test_client()
    statuses = [client.post("/sign-in", data={"username": "nobody", "password": "guess"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # Another username from the same address is still let through (the per-address limit is higher).
    assert client.post("/sign-in", data={"username": "somebody", "password": "guess"}).status_code == 200
