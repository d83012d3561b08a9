"""Every page lp serves is conforming HTML, and so is every htmx fragment.

Each GET page of tests/security/routes.py (at its example URL) as someone signed out, a landlord's
lead user and a council admin, a few searches with results, and each fragment those pages ask htmx
for (wrapped in a minimal document), are saved to a folder and checked by the Nu Html Checker (vnu,
the W3C's checker: the npm package vnu-jar, pinned in package.json) in one start of Java.
Errors fail the test; warnings do not (they are printed with -rA).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, parsed
from tests.security.conftest import world  # noqa: F401  (the fixture: an object of every kind)
from tests.security.routes import ROUTES, example_url

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VISITORS = {"signed-out": None, "lead": "lead", "admin": "admin"}
KINDS = {"signed-out": {"public"}, "lead": {"public", "landlord", "signed-in"}, "admin": {"public", "council", "signed-in"}}
# Searches that find something, so their result rows are checked too (the bare URLs find everything).
SEARCHES = {
    "lead": ["/claims?q=Smith", "/claims?q=nobody", "/payments?q=Smith", "/to-do?q=Smith", "/properties?q=Smith"],
    "admin": ["/admin/landlords?q=North", "/admin/audit?q=lead"],
    "signed-out": ["/no-such-page"],
}
FRAGMENT_PAGE = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Fragment</title></head>'
                 "<body>{}</body></html>")


@pytest.fixture
def backend() -> str:
    """The HTML is the same on either database: checked once, on SQLite."""
    return "sqlite"


def page_urls(app, objects, kinds: set[str]) -> list[str]:
    urls = set()
    for rule in app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        if route and route.kind in kinds and "GET" in (rule.methods or ()) and rule.endpoint != "static":
            urls.add(example_url(app, rule.endpoint, objects))
    return sorted(urls)


def htmx_requests(html: str, page_url: str) -> set[tuple[str, str | None]]:
    """The (url, target id) of each GET htmx would send from this page, as lp/htmx.py receives them."""
    found = set()
    for element in parsed(html).select("[data-hx-get]"):
        url = element["data-hx-get"]
        if element.name == "form" and urlsplit(url).path == urlsplit(page_url).path and "?" in page_url:
            url = page_url  # a search form sends what is typed in it: the page's own query
        found.add((url, _target_id(element)))
    return found


def _target_id(element) -> str | None:
    """The id of the element htmx swaps: data-hx-target on the element or inherited ("this" or "#id")."""
    for holder in [element, *element.parents]:
        target = holder.get("data-hx-target") if holder.name else None
        if target == "this":
            return holder.get("id")
        if target:
            return target.removeprefix("#")
    return element.get("id")


def test_every_page_and_fragment_is_conforming_html(app, world, sign_in, tmp_path):  # noqa: F811
    saved: dict[str, str] = {}  # file name -> what it is

    def save(what: str, html: str) -> None:
        name = f"{len(saved):03d}-" + re.sub(r"[^a-z0-9]+", "-", what.lower())[:80] + ".html"
        (tmp_path / name).write_text(html, encoding="utf-8")
        saved[name] = what

    for who, username in VISITORS.items():
        client = sign_in(app.test_client(), world[username]) if username else app.test_client()
        fragments = set()
        for url in page_urls(app, world, KINDS[who]) + SEARCHES[who]:
            response = client.get(url)
            if not response.content_type.startswith("text/html") or 300 <= response.status_code < 400:
                response.close()  # a download is streamed: end it unread
                continue
            html = response.get_data(as_text=True)
            save(f"{who} {url}", html)
            fragments |= htmx_requests(html, url)
        for url, target in sorted(fragments, key=str):
            response = client.get(url, headers={"HX-Request": "true", **({"HX-Target": target} if target else {})})
            body = response.get_data(as_text=True)
            if response.status_code == 200 and not body.lstrip().startswith("<!DOCTYPE"):
                save(f"{who} fragment #{target} of {url}", FRAGMENT_PAGE.format(body))

    assert sum("fragment" in what for what in saved.values()) >= 10, saved
    assert len(saved) >= 100, saved
    errors, warnings = check_with_vnu(tmp_path, saved)
    print("vnu warnings:", *warnings, sep="\n  ")
    assert errors == [], f"{len(errors)} errors in {len(saved)} documents:\n" + "\n".join(errors)


def check_with_vnu(folder, saved: dict[str, str]) -> tuple[list[str], list[str]]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker: `make test` installs Debian's default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: `make setup` installs it (npm ci)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(folder)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors, warnings = [], []
    for message in messages:
        what = saved.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        line = f"{what}: {message['message']} [line {message.get('lastLine')}: {message.get('extract', '').strip()!r}]"
        (warnings if message.get("subType") == "warning" or message["type"] == "info" else errors).append(line)
    return errors, warnings
