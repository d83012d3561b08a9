"""CPU per request of the signed-in key pages, uncached, on any database, and a cProfile of one of them: the
fixed cost of issue 14 (user loader, hooks, Jinja) measured where it is spent.

    .venv/bin/python -m bench.per_request [--url URL] [--profile PATH] [--runs N]

Without --url it uses the council SQLite dataset (as bench.fixed_cost does); --profile prints the
top of a cProfile of PATH (cumulative and internal time) instead of the table.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from bench import dataset, server, targets

BROTLI = {"Accept-Encoding": "br, gzip"}


def cpu_ms(client, path: str, runs: int, headers: dict | None = None) -> float:
    headers = {**BROTLI, **(headers or {})}
    if client.get(path, headers=headers).status_code != 200:  # warm up: templates compiled, caches filled
        raise SystemExit(f"{path} did not answer 200")
    started = time.process_time()
    for _ in range(runs):
        client.get(path, headers=headers)
    return (time.process_time() - started) / runs * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=dataset.URLS["sqlite"])
    parser.add_argument("--profile")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=60)
    args = parser.parse_args()

    from lp import create_app

    app = create_app({**server._app_config(args.url), "LP_RENDER_CACHE_BYTES": 0})  # uncached
    signed_out = app.test_client()
    signed_in = app.test_client()
    signed_in.set_cookie(*server.session_cookie(args.url))
    if args.profile:
        cpu_ms(signed_in, args.profile, 3)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            signed_in.get(args.profile, headers=BROTLI)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats(args.sort).print_stats(args.lines)
        return
    rows = [("/healthz (no session)", signed_out, "/healthz", None),
            ("/accessibility signed out", signed_out, "/accessibility", None),
            ("/accessibility signed in", signed_in, "/accessibility", None),
            ("dashboard", signed_in, "/", None)]
    rows += [(page["name"], signed_in, page["path"], page.get("headers"))
             for page in targets.pages(targets.pick(args.url))]
    for label, client, path, headers in rows:
        print(f"{label:30s} {cpu_ms(client, path, args.runs, headers):6.2f} ms", flush=True)


if __name__ == "__main__":
    main()
