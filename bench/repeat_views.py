"""Repeat views: CPU per request of each key page rendered afresh and answered from lp/render_cache.py, in one
thread without the network (as bench/fixed_cost.py), and optionally wrk at 32 connections of a kept page
against hello world under waitress.

    .venv/bin/python -m bench.repeat_views [--database URL] [--runs 100] [--wrk [--port 8640]]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import time
import urllib.request
from contextlib import contextmanager

from bench import dataset, fixed_cost, hello, load, server, targets
from lp.render_cache import MAX_BYTES


def pages(picked: dict) -> list[dict]:
    """Every key page of issue 14 (bench/targets.py), the dashboard and the live search's fragment."""
    rows = [{"name": "dashboard", "path": "/"}] + targets.pages(picked)
    rows.append({"name": "claims: surname (htmx)", "path": f"/claims?surname={picked['surname']}",
                 "headers": {"HX-Request": "true", "HX-Target": "claim-results"}})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.URLS["sqlite"])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--wrk", action="store_true", help="also wrk at 32 connections (kept page vs hello world)")
    parser.add_argument("--port", type=int, default=8640, help="hello world's port; lp's is the next")
    args = parser.parse_args()
    from lp import create_app

    picked = targets.pick(args.database)
    cookie = server.session_cookie(args.database)
    clients = {}
    for label, size in (("fresh", 0), ("kept", MAX_BYTES)):
        app = create_app({**server._app_config(args.database), "LP_RENDER_CACHE_BYTES": size})
        clients[label] = app.test_client()
        clients[label].set_cookie(*cookie)
    hello_ms = fixed_cost.per_request(hello.create_app().test_client(), "/", fixed_cost.BROTLI, args.runs)
    print(f"{'hello world':34s} {hello_ms['cpu_ms']:6.2f} ms CPU")
    print(f"{'page (CPU ms per request)':34s} {'fresh':>9s} {'kept':>9s}")
    for page in pages(picked):
        headers = {**fixed_cost.BROTLI, **page.get("headers", {})}
        ms = {label: fixed_cost.per_request(client, page["path"], headers, args.runs)["cpu_ms"]
              for label, client in clients.items()}
        print(f"{page['name']:34s} {ms['fresh']:6.2f} ms {ms['kept']:6.2f} ms")
    if args.wrk:
        _wrk(args.database, picked, cookie, args.port)


def _wrk(url: str, picked: dict, cookie: tuple[str, str], port: int) -> None:
    """One waitress process each, as bench/server.py serves them; 32 connections for 10 s."""
    headers = {"Accept-Encoding": "br, gzip"}
    with _serving("bench.hello:create_app", port, {}) as base:
        hello_run = load.run(base + "/", connections=32, seconds=10, headers=headers)
    print(f"wrk c=32 hello world: {hello_run['rps']:.0f} req/s, p95 {hello_run['p95_ms']:.1f} ms")
    signed_in = {**headers, "Cookie": f"{cookie[0]}={cookie[1]}"}
    with _serving("lp:create_app", port + 1, server.settings(url)) as base:  # production: the store is on
        for page in (p for p in pages(picked) if p["name"] in ("claim detail", "payments: date range", "dashboard")):
            run = load.run(base + page["path"], connections=32, seconds=10, headers={**signed_in, **page.get("headers", {})})
            print(f"wrk c=32 {page['name']} kept: {run['rps']:.0f} req/s = {run['rps'] / hello_run['rps']:.2f} x hello, "
                  f"p95 {run['p95_ms']:.1f} ms, errors {run['errors']}")


@contextmanager
def _serving(call: str, port: int, env: dict):
    """waitress-serve on a port of our own (bench/server.py's serve picks any free one)."""
    process = subprocess.Popen(server.command(call, port), cwd=dataset.ROOT, env={**os.environ, **env},  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(base + "/healthz" if call.startswith("lp") else base, timeout=5):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    os.environ.setdefault("LP_ENV", "production")
    main()
