"""Load through the proxy: the requests per second nginx and the two waitress processes hold, with errors.

    deploy/rehearse up && .venv/bin/python -m deploy.load --seconds 60 --connections 64

Signs in as a demo landlord (the key from the outbox), then runs wrk (Debian's package) against each
page with that session's cookie, over HTTPS through nginx. An error is any socket error, timeout or
answer other than 2xx/3xx; the exit status is 1 when there was one.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from deploy.client import BASE_URL, Deployment

PATHS = ["/", "/sign-in"]  # a signed-in page (the dashboard) and the public sign-in page


def web_cpu_seconds(deployment: Deployment) -> float:
    """CPU time the web processes have used so far (from /proc): a figure other loads on the machine
    barely change, so it tells what two quiet cores would hold."""
    ticks = 0
    for pid_file in deployment.folder.glob("pids/web-*"):
        fields = Path(f"/proc/{pid_file.read_text().strip()}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, cookie: str, *, seconds: int, connections: int, threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency",
               "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 (our own arguments)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "url": url, "seconds": seconds, "connections": connections,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_p50": re.search(r"50%\s+(\S+)", output).group(1),
        "latency_p99": re.search(r"99%\s+(\S+)", output).group(1),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
                  + (int(non_2xx.group(1)) if non_2xx else 0),
        "command": " ".join(command[:-3] + ["-H", "'Cookie: <session>'", url]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (one per core)")
    parser.add_argument("--username", default="demo-lead")
    parser.add_argument("--path", action="append", help=f"page to load (repeatable; default {PATHS})")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (deploy/rehearse up installs it)")
    deployment = Deployment.read()
    session = deployment.client()
    signed_in = deployment.sign_in(session, args.username)
    assert signed_in.url == f"{BASE_URL}/", f"sign-in failed: {signed_in.status_code} {signed_in.url}"
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    results = []
    for path in args.path or PATHS:
        cpu_before = web_cpu_seconds(deployment)
        result = run_wrk(BASE_URL + path, cookie, seconds=args.seconds, connections=args.connections,
                         threads=args.threads)
        result["web_cpu_ms_per_request"] = round(
            1000 * (web_cpu_seconds(deployment) - cpu_before) / max(result["requests"], 1), 1)
        results.append(result)
    # wrk counts a redirect as a success: make sure the pages were not the sign-in page all along.
    assert session.get(f"{BASE_URL}/").url == f"{BASE_URL}/", "the session ended during the run"
    for result in results:
        print(json.dumps(result))
    return 1 if any(result["errors"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
