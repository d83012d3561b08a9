"""Time per request in one thread, without the network: the hello-world route against lp's key pages on
the council dataset (built by `python -m bench`), uncached (the render cache off) and repeated (on).
Shows where the throughput budget is lost; `python -m bench` records it as the "cpu" part.

    .venv/bin/python -m bench.fixed_cost [--db sqlite|postgresql] [--runs 100] [--profile PATH [--cached]]

Per page: wall ms (which includes PostgreSQL's own work in its server process) and this process's CPU ms.
--profile prints a cProfile of PATH (signed in as demo-lead, uncached unless --cached) instead.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from bench import dataset, hello, server, targets

BROTLI = {"Accept-Encoding": "br, gzip"}


def per_request(client, path: str, headers: dict, runs: int) -> dict:
    client.get(path, headers=headers)  # warm up: templates compiled, statements cached
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(runs):
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return {"ms": (time.perf_counter() - wall) / runs * 1000, "cpu_ms": (time.process_time() - cpu) / runs * 1000}


def measure(db: str, runs: int = 100) -> dict:
    """{"uncached": [...], "repeated": [...]}: one row per page (name, path, ms, cpu_ms)."""
    from lp import create_app

    url = dataset.URLS[db]
    picked = targets.pick(url)
    token = server.api_token(url)
    cookie = server.session_cookie(url)
    found = {}
    for label, cached in (("uncached", False), ("repeated", True)):
        app = create_app({**server._app_config(url), **({} if cached else {"LP_RENDER_CACHE_BYTES": 0})})
        signed_out, signed_in, api = app.test_client(), app.test_client(), app.test_client()
        signed_in.set_cookie(*cookie)
        rows = [("/healthz (no session)", signed_out, "/healthz", {}),
                ("/accessibility signed out", signed_out, "/accessibility", {}),
                ("/accessibility signed in", signed_in, "/accessibility", {})]
        rows += [(page["name"], api if page.get("api") else signed_in, page["path"], page.get("headers", {}))
                 for page in targets.pages(picked, token)]
        found[label] = [{"name": name, "path": path, **per_request(client, path, {**BROTLI, **headers}, runs)}
                        for name, client, path, headers in rows]
    found["hello"] = per_request(hello.create_app().test_client(), "/", BROTLI, runs)
    return found


def profile(db: str, path: str, runs: int, *, cached: bool, sort: str) -> None:
    from lp import create_app

    url = dataset.URLS[db]
    app = create_app({**server._app_config(url), **({} if cached else {"LP_RENDER_CACHE_BYTES": 0})})
    client = app.test_client()
    client.set_cookie(*server.session_cookie(url))
    per_request(client, path, BROTLI, 3)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path, headers=BROTLI)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(60)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fixed_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--profile", metavar="PATH", help="profile this page instead of timing every page")
    parser.add_argument("--cached", action="store_true", help="with --profile: the render cache on")
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats sort key")
    args = parser.parse_args()
    if args.profile:
        profile(args.db, args.profile, args.runs, cached=args.cached, sort=args.sort)
        return
    found = measure(args.db, args.runs)
    print(f"{'hello world':40s} {found['hello']['ms']:6.2f} ms")
    for label in ("uncached", "repeated"):
        print(f"-- {label}: wall ms, CPU ms of this process")
        for row in found[label]:
            print(f"{row['name']:40s} {row['ms']:6.2f} ms {row['cpu_ms']:6.2f} ms")


if __name__ == "__main__":
    main()
