"""Page weight over HTTP from the running server: the compressed bytes of each page and fragment, and what a
first and a repeat visit download (HTML, CSS, JS, fonts, images). A browser-measured check is in bench/browser.py."""
from __future__ import annotations

import re
import urllib.request
from html import unescape
from urllib.parse import urljoin

PAGE_BUDGET = 14 * 1024
FRAGMENT_BUDGET = 4 * 1024
FIRST_VISIT_BUDGET = 60 * 1024
ACCEPT = "br, gzip"  # what Chromium sends over plain HTTP is "gzip, deflate"; over HTTPS it adds br
ASSET_PATTERNS = (
    r'<link[^>]+rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*href="([^"]+)"',
    r'<script[^>]+src="([^"]+)"',
    r'<img[^>]+src="([^"]+)"',
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def fetch(url: str, headers: dict[str, str] | None = None, encoding: str = ACCEPT) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=  # noqa: S310
        {"Accept-Encoding": encoding, **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the bench server only
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def weigh_pages(base: str, rows: list[dict], cookie: str) -> list[dict]:
    """Each row with its raw and compressed bytes, encoding, and budget verdict."""
    results = []
    for row in rows:
        headers = {} if row.get("anonymous") else {"Cookie": cookie}
        if row["kind"] == "fragment":
            headers.update({"HX-Request": "true", "HX-Target": row["target"]})
        status, got, body = fetch(base + row["path"], headers)
        _, _, raw = fetch(base + row["path"], headers, encoding="identity")
        budget = FRAGMENT_BUDGET if row["kind"] == "fragment" else PAGE_BUDGET
        results.append({**row, "status": status, "encoding": got.get("content-encoding", "identity"),
                        "raw": len(raw), "compressed": len(body), "budget": budget,
                        "met": status == 200 and len(body) <= budget,
                        "is_fragment_body": "<html" not in raw[:500].decode("utf-8", "replace").lower()})
    return results


def assets_of(base: str, page_url: str, html: str) -> list[str]:
    """Every URL the page makes the browser fetch: stylesheets, scripts, images, and what CSS pulls in."""
    found: list[str] = []
    for pattern in ASSET_PATTERNS:
        for href in re.findall(pattern, html):
            href = unescape(href)
            if not href.startswith("data:"):
                found.append(urljoin(page_url, href))
    for url in list(found):
        if url.split("?")[0].endswith(".css"):
            _, _, css = fetch(url, encoding="identity")
            for ref in CSS_URL.findall(css.decode("utf-8", "replace")):
                if not ref.startswith("data:"):
                    found.append(urljoin(url, ref))
    return list(dict.fromkeys(found))


def visits(base: str, path: str, cookie: str | None) -> dict:
    """The first visit (the page and every asset, compressed) and a repeat visit (the page, plus any
    asset a browser would fetch again: one without a long-lived immutable Cache-Control)."""
    headers = {"Cookie": cookie} if cookie else {}
    _, _, body = fetch(base + path, headers)
    _, _, raw = fetch(base + path, headers, encoding="identity")
    assets = []
    for url in assets_of(base, base + path, raw.decode("utf-8", "replace")):
        status, got, data = fetch(url)
        cache = got.get("cache-control", "")
        cached = "immutable" in cache and re.search(r"max-age=(\d+)", cache) is not None \
            and int(re.search(r"max-age=(\d+)", cache).group(1)) >= 31536000
        assets.append({"url": url.replace(base, ""), "status": status, "bytes": len(data),
                       "encoding": got.get("content-encoding", "identity"), "cache_control": cache,
                       "cached_for_ever": cached})
    first = len(body) + sum(a["bytes"] for a in assets)
    repeat_static = sum(a["bytes"] for a in assets if not a["cached_for_ever"])
    return {"path": path, "html": len(body), "assets": assets, "first_visit": first,
            "repeat_static": repeat_static, "repeat_visit": len(body) + repeat_static,
            "first_met": first <= FIRST_VISIT_BUDGET, "repeat_met": repeat_static == 0}
