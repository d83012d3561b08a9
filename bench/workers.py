"""Serve a WSGI app as the documented layout does: one waitress process per core, a few threads each
(README, "Running at scale"). In production nginx spreads connections over the processes' ports; here
the processes share one listening socket and the kernel spreads them, so the bench measures lp and not
a proxy. Stopped by SIGTERM (or SIGINT), which it passes on to every process.

    python -m bench.workers --call lp:create_app --port 8000 [--processes 2] [--threads 4]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys


def _child(call: str, listener: socket.socket, threads: int) -> None:
    from waitress import serve

    module, _, factory = call.partition(":")
    app = getattr(__import__(module, fromlist=[factory]), factory)()  # after fork: own database connections
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serve(app, sockets=[listener], threads=threads, ident="")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--call", required=True, help="module:factory, as waitress-serve --call takes")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(1024)
    children = []
    for _ in range(args.processes):
        pid = os.fork()
        if pid == 0:
            try:
                _child(args.call, listener, args.threads)
            finally:
                os._exit(0)
        children.append(pid)

    def stop(*_):
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for pid in children:
        os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
