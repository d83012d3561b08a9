"""Load a page with wrk: a Lua script carries the session cookie and htmx headers, counts non-2xx answers
and prints the latency percentiles (p50, p95, p99) and throughput as one JSON line."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.dataset import CACHE

SCRIPT = r"""
-- lp bench: headers from the harness, non-2xx counted per thread, summary as JSON.
local threads = {}
local headers = HEADERS

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  for name, value in pairs(headers) do wrk.headers[name] = value end
end

function response(status, hdrs, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "non2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, "status_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, bad, e.connect, e.read, e.write, e.timeout, e.status))
end
"""


def ensure_wrk() -> str:
    """wrk from Debian, installed when absent."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not installed: apt-get install -y wrk")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)  # noqa: S607
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], check=False)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)  # noqa: S607
    return shutil.which("wrk")


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def script(headers: dict[str, str]) -> Path:
    table = "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()) + "}"
    path = CACHE / "bench.lua"
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(SCRIPT.replace("HEADERS", table, 1))
    return path


def run(url: str, *, connections: int, seconds: int, headers: dict[str, str], threads: int = 2) -> dict:
    """One wrk run; returns the JSON figures plus requests per second and errors in all."""
    wrk = ensure_wrk()
    lua = script(headers)
    threads = min(threads, connections)
    completed = subprocess.run(  # noqa: S603
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua), url],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            figures = json.loads(line[len("BENCHJSON "):])
            figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
            figures["errors"] = (figures["non2xx"] + figures["connect"] + figures["read"] + figures["write"]
                                 + figures["timeout"])
            figures["connections"] = connections
            return figures
    raise RuntimeError(f"wrk gave no summary: {completed.stdout}\n{completed.stderr}")
