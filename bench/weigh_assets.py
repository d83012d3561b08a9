"""Weigh what a first visit downloads: a page in the layout, lp.css, lp.js and /brand.css.

    .venv/bin/python -m bench.weigh_assets [/path ...]     (after `make assets`; default /accessibility)

Each is fetched through the app as a browser would (WhiteNoise's precompressed files, flask-compress
for the HTML) and weighed raw, gzip and brotli. Budgets: a page at most 14 KB compressed (the first
round trip of a TCP connection), a first visit at most 60 KB in all. Exits 1 when over a budget.
lp has no fonts or images to add: text is in the system font and there are no pictures.
"""
from __future__ import annotations

import re
import sys

PAGE_BUDGET = 14 * 1024
FIRST_VISIT_BUDGET = 60 * 1024
ENCODINGS = ("identity", "gzip", "br")


def weigh(app, path: str = "/accessibility") -> dict[str, dict[str, int]]:
    """{"page": {"identity": bytes, "gzip": bytes, "br": bytes}, "lp.css": ..., "lp.js": ..., "brand.css": ...}."""
    client = app.test_client()
    html = client.get(path).get_data(as_text=True)
    urls = {
        "page": path,
        "lp.css": _find(html, r'<link rel="stylesheet" href="(/static/dist/[^"]+\.css)"'),
        "lp.js": _find(html, r'<script src="(/static/dist/[^"]+\.js)"'),
        "brand.css": _find(html, r'<link rel="stylesheet" href="(/brand\.css[^"]*)"').replace("&amp;", "&"),
    }
    weights: dict[str, dict[str, int]] = {}
    for name, url in urls.items():
        weights[name] = {}
        for encoding in ENCODINGS:
            response = client.get(url, headers={"Accept-Encoding": encoding})
            assert response.status_code == 200, f"{url}: {response.status_code}"
            # /brand.css is too small to be worth compressing: it comes as it is whatever is asked.
            weights[name][encoding] = len(response.get_data())
    return weights


def first_visit(weights: dict, encoding: str) -> int:
    return sum(weights[name][encoding] for name in ("page", "lp.css", "lp.js", "brand.css"))


def _find(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    if not match:
        raise SystemExit(f"not in the page: {pattern}")
    return match.group(1)


def report(weights: dict, path: str) -> list[str]:
    lines = [f"{'':16}{'raw':>10}{'gzip':>10}{'brotli':>10}"]
    for name in ("page", "lp.css", "lp.js", "brand.css"):
        row = weights[name]
        label = path if name == "page" else name
        lines.append(f"{label:16}{row['identity']:>10,}{row['gzip']:>10,}{row['br']:>10,}")
    totals = [first_visit(weights, encoding) for encoding in ENCODINGS]
    lines.append(f"{'first visit':16}{totals[0]:>10,}{totals[1]:>10,}{totals[2]:>10,}")
    lines.append(f"budgets: page <= {PAGE_BUDGET:,} B compressed, first visit <= {FIRST_VISIT_BUDGET:,} B (bytes on the wire, "
                 "before HTTP headers)")
    return lines


def over_budget(weights: dict) -> list[str]:
    problems = []
    for encoding in ("gzip", "br"):
        if weights["page"][encoding] > PAGE_BUDGET:
            problems.append(f"page is {weights['page'][encoding]:,} B with {encoding}")
        if first_visit(weights, encoding) > FIRST_VISIT_BUDGET:
            problems.append(f"first visit is {first_visit(weights, encoding):,} B with {encoding}")
    return problems


def main(argv: list[str]) -> int:
    from lp import create_app

    app = create_app({"LP_ENV": "test", "SECRET_KEY": "weigh", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "LP_OUTBOX_SENDER_THREAD": False})
    failed = False
    for path in argv or ["/accessibility"]:
        weights = weigh(app, path)
        print("\n".join(report(weights, path)))
        for problem in over_budget(weights):
            print(f"OVER BUDGET: {problem}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
