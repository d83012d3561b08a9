"""CPU per request in one thread, without the network: the hello-world route against lp's pages on the
council SQLite dataset (built by `python -m bench`). Shows where the throughput budget is lost.

    .venv/bin/python -m bench.fixed_cost
"""
from __future__ import annotations

import time

from bench import dataset, hello, server, targets

BROTLI = {"Accept-Encoding": "br, gzip"}


def per_request_ms(client, path: str, runs: int = 100) -> float:
    client.get(path, headers=BROTLI)  # warm up: templates compiled, caches filled
    started = time.perf_counter()
    for _ in range(runs):
        client.get(path, headers=BROTLI)
    return (time.perf_counter() - started) / runs * 1000


def main() -> None:
    from lp import create_app

    url = dataset.URLS["sqlite"]
    picked = targets.pick(url)
    app = create_app(server._app_config(url))
    signed_out = app.test_client()
    signed_in = app.test_client()
    signed_in.set_cookie(*server.session_cookie(url))
    rows = [("hello world", hello.create_app().test_client(), "/"),
            ("/healthz (no session)", signed_out, "/healthz"),
            ("/accessibility signed out", signed_out, "/accessibility"),
            ("/accessibility signed in", signed_in, "/accessibility")]
    rows += [(page["name"], signed_in, page["path"]) for page in targets.pages(picked) if not page.get("headers")]
    for label, client, path in rows:
        print(f"{label:30s} {per_request_ms(client, path):6.2f} ms")


if __name__ == "__main__":
    main()
