"""`python -m bench` (`make bench`): build or reuse the council dataset, serve lp under waitress as production
would, load it with wrk, weigh its pages, time Chromium on slow 3G, time the bulk import and export, and write
bench/report.md. See docs/performance.md.

    python -m bench [--quick] [--db sqlite|postgresql|both] [--skip-build] [--only cpu,load,weight,browser,plans,bulk]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench import bulk, dataset, load, report, server, targets, weight
from bench.dataset import CACHE, ROOT

PARTS = ("cpu", "plans", "weight", "browser", "load", "export_http", "bulk")
RESULTS = CACHE / "results.json"


def log(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


def machine() -> dict:
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")  # noqa: SIM115
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")  # noqa: SIM115
                  if line.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,  # noqa: S607
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,  # noqa: S607
                           text=True).stdout.strip()
    return {"cores": os.cpu_count(), "cpu": model, "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "commit": commit + (" (with uncommitted changes)" if dirty else ""),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load_before": os.getloadavg()}


def bench_database(db: str, args, results: dict) -> None:
    url = dataset.URLS[db]
    if args.skip_build:
        if not dataset.complete(url):
            log(f"[{db}] --skip-build and no complete council dataset ({dataset.counts(url)}): skipped")
            results["databases"][db] = {"missing": f"no complete council dataset: {dataset.counts(url)}"}
            return
        info = {"url": url, "built_seconds": None, **dataset.counts(url)}
    else:
        info = dataset.ensure(db, log)
    picked = targets.pick(url)
    log(f"[{db}] targets: {picked}")
    entry = results["databases"].setdefault(db, {})
    entry.update({"dataset": info, "targets": picked})
    if "load" in args.parts and not args.only:
        entry["load"] = {}  # a partial run adds its concurrencies to the last run's figures
    entry.setdefault("load", {})
    name, value = server.session_cookie(url)
    cookie = f"{name}={value}"
    token = server.api_token(url)
    entry["cookie"] = "UserSession row written directly and its cookie signed with the server's secret"

    if "cpu" in args.parts:
        from bench import fixed_cost

        entry["cpu"] = fixed_cost.measure(db, runs=30 if args.quick else 100)
        log(f"[{db}] time per request in one thread: {len(entry['cpu']['uncached'])} pages")

    if "plans" in args.parts:
        from bench import plans
        from lp import create_app

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "production", "SECRET_KEY": server.SECRET_KEY,
                          "LP_OUTBOX_SENDER_THREAD": False})
        entry["plans"] = plans.explain(app, picked)
        log(f"[{db}] query plans: {len(entry['plans'])}")

    with server.serve("lp:create_app", server.settings(url), probe="/healthz", log_name=f"server-{db}") as base:
        for page in targets.pages(picked, token):  # warm the caches; every page must answer 200
            try:
                weight.fetch(base + page["path"], {**signed_in(page, cookie), **page.get("headers", {})})
            except OSError as error:
                raise SystemExit(f"{page['path']} did not answer 200: {error}") from error
        if "weight" in args.parts and "weight" not in results:
            results["weight"] = {
                "db": db,
                "pages": weight.weigh_pages(base, targets.weighed(picked), cookie),
                "visits": [weight.visits(base, "/sign-in", None), weight.visits(base, "/claims", cookie)],
            }
            log("page weight done")
        if "browser" in args.parts and "browser" not in results:
            from bench import browser

            results["browser"] = {"db": db, **browser.measure(base, (name, value), picked["surname"],
                                                               runs=1 if args.quick else 3)}
            log(f"slow 3G: sign-in {results['browser']['sign_in_ms']:.0f} ms, "
                f"search {results['browser']['search_ms']:.0f} ms")
        if "export_http" in args.parts and not any("export_http" in e for e in results["databases"].values()):
            entry["export_http"] = http_export(base, cookie, picked)
            log(f"[{db}] HTTP export: {entry['export_http']}")
        if "load" in args.parts:
            for connections in args.connections:
                for page in targets.pages(picked, token):
                    headers = {**signed_in(page, cookie), "Accept-Encoding": "br, gzip", **page.get("headers", {})}
                    figures = load.run(base + page["path"], connections=connections, seconds=args.seconds,
                                       headers=headers)
                    entry["load"].setdefault(page["name"], {})[str(connections)] = figures
                    drain(base)
                    log(f"[{db}] {page['name']:<26} c={connections:<3} p50 {figures['p50_ms']:7.1f} "
                        f"p95 {figures['p95_ms']:7.1f} p99 {figures['p99_ms']:7.1f} ms {figures['rps']:7.1f} req/s "
                        f"errors {figures['errors']}")
                    save(results)


def signed_in(page: dict, cookie: str) -> dict[str, str]:
    """A page is asked for with the session cookie; the API with its bearer token alone, as a system calls it."""
    return {} if page.get("api") else {"Cookie": cookie}


def drain(base: str, limit: float = 120.0) -> None:
    """Wait until requests queued by the last run are served, so they do not slow the next one."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.monotonic()
        with contextlib.suppress(OSError):
            weight.fetch(base + "/healthz")
        if time.monotonic() - began < 0.1:
            return
        time.sleep(0.5)


def http_export(base: str, cookie: str, picked: dict) -> dict:
    """/payments/lines.csv for demo-lead over the whole horizon, streamed and counted."""
    import urllib.request

    request = urllib.request.Request(base + "/payments/lines.csv?from=&to=", headers={"Cookie": cookie})  # noqa: S310
    started = time.perf_counter()
    lines = size = 0
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
            size += len(chunk)
    seconds = time.perf_counter() - started
    return {"lines": lines - 1, "seconds": seconds, "lines_per_s": (lines - 1) / seconds, "bytes": size}


def hello(args, results: dict) -> None:
    results.setdefault("hello", {})
    with server.serve("bench.hello:create_app", log_name="server-hello") as base:
        for connections in args.connections:
            figures = load.run(base + "/", connections=connections, seconds=args.seconds, headers={})
            results["hello"][str(connections)] = figures
            log(f"hello world c={connections:<3} p50 {figures['p50_ms']:.1f} p95 {figures['p95_ms']:.1f} ms "
                f"{figures['rps']:.0f} req/s")


def save(results: dict) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, default=str))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="32 connections only, 3 s a page, one browser run, no PostgreSQL bulk runs")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--skip-build", action="store_true",
                        help="never build the council dataset; a database without it is reported as missing")
    parser.add_argument("--only", help=f"comma-separated parts to run: {','.join(PARTS)} (default: all)")
    parser.add_argument("--seconds", type=int, help="seconds of load per page and concurrency (default 10; 3 quick)")
    parser.add_argument("--connections", help="comma-separated concurrencies for the load part (default 8,32,64; "
                        "32 quick); with --only, added to the last run's figures")
    parser.add_argument("--report-only", action="store_true", help="rewrite bench/report.md from the last results")
    args = parser.parse_args(argv)
    if args.report_only:
        results = json.loads(RESULTS.read_text())
        report.write(results)
        report.write_plans_doc(results)
        return 0
    args.parts = set(args.only.split(",")) if args.only else set(PARTS)
    if args.connections:
        args.connections = [int(c) for c in args.connections.split(",")]
    else:
        args.connections = [32] if args.quick else [8, 32, 64]
    args.seconds = args.seconds or (3 if args.quick else 10)
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    started = time.monotonic()
    results = {"machine": machine(), "options": {"quick": args.quick, "db": args.db, "seconds": args.seconds,
                                                  "connections": args.connections, "parts": sorted(args.parts)},
               "server": {"command": " ".join(server.command("lp:create_app", 0)).replace("--port=0", "--port=<free>"),
                          "environment": {k: v for k, v in server.settings("<database>").items()
                                          if k != "LP_SECRET_KEY"} | {"LP_SECRET_KEY": "(set)"},
                          "load_generator": "wrk 4.1, 2 threads, Lua script with the session cookie; "
                                            "Accept-Encoding: br, gzip"},
               "databases": {}}
    if args.only and RESULTS.exists():
        # A partial run keeps the last run's figures for the parts it does not measure again.
        kept = json.loads(RESULTS.read_text())
        for part in ("hello", "weight", "browser", "bulk"):
            wanted = "load" if part == "hello" else part
            if part in kept and (wanted not in args.parts or part in ("hello", "bulk")):
                results[part] = kept[part]
        results["databases"] = kept.get("databases", {})
        for entry in results["databases"].values():
            if "export_http" in args.parts:
                entry.pop("export_http", None)
        results["options"]["kept_from_last_run"] = sorted(set(PARTS) - args.parts)
        results["runs"] = kept.get("runs", [])
    if "load" in args.parts:
        load.ensure_wrk()
        hello(args, results)
    for db in dbs:
        bench_database(db, args, results)
        save(results)
    if "bulk" in args.parts:
        results["bulk"] = {} if not args.only else results.get("bulk", {})  # a partial run keeps other databases
        for db in dbs if not args.quick else ["sqlite"]:
            entry = results["bulk"][db] = {"import": bulk.run_import(db, log)}
            log(f"[{db}] import: {entry['import']['runs']}")
            entry["export"] = bulk.run_export(db, log)
            log(f"[{db}] export: {entry['export']}")
            save(results)
    results["machine"]["load_after"] = os.getloadavg()
    results.setdefault("runs", []).append({
        "date": results["machine"]["date"], "commit": results["machine"]["commit"], "db": args.db,
        "parts": sorted(args.parts), "connections": args.connections})
    results["minutes"] = (time.monotonic() - started) / 60
    save(results)
    path = report.write(results)
    report.write_plans_doc(results)
    log(f"wrote {path} in {results['minutes']:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
