"""End-to-end fixtures: lp served by waitress on a free port, driven by Debian's Chromium through
Playwright (nothing downloads a browser), with axe-core checking every page and state visited.

Each journey runs with JavaScript on and off, at 360x640 and 1280x800. Screenshots go to
test-artifacts/e2e/ (kept by CI as artefacts).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app (its database already built by the migrations) served by a real waitress."""
    from waitress.server import create_server

    app.config["LP_BASE_URL"] = ""
    server = create_server(app, host="127.0.0.1", port=_free_port(), threads=4, ident="")
    base_url = f"http://127.0.0.1:{server.effective_port}"
    app.config["LP_BASE_URL"] = base_url
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield base_url
    server.close()


@pytest.fixture(params=[(js, viewport) for js in (True, False) for viewport in VIEWPORTS],
                ids=lambda p: f"{'js' if p[0] else 'nojs'}-{p[1]}")
def page(request, browser, live_server):
    """A fresh browser context per test: JavaScript on or off, phone or desktop size."""
    javascript, viewport = request.param
    # bypass_csp lets the test inject axe-core; lp's own pages never need it.
    context = browser.new_context(java_script_enabled=javascript, viewport=VIEWPORTS[viewport],
                                  base_url=live_server, bypass_csp=True)
    if javascript:
        context.add_init_script(path=str(AXE))  # axe-core ready in every page the test visits
    page = context.new_page()
    page.lp_javascript = javascript
    page.lp_base_url = live_server
    page.lp_name = f"{request.node.originalname}-{'js' if javascript else 'nojs'}-{viewport}"
    yield page
    context.close()
    for key in [k for k in _AXE_PAGES if k[2] == live_server]:
        _AXE_PAGES.pop(key).context.close()


def screenshot(page, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9_-]+", "-", f"{page.lp_name}-{step}".lower())
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


_AXE_PAGES: dict = {}
AXE_RUN = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})"
)


def _axe_page_for(page):
    """A JavaScript-enabled page of the same size, kept for the session, on lp's origin (so the HTML
    seen without JavaScript can be checked there with its stylesheets)."""
    key = (id(page.context.browser), page.viewport_size["width"], page.lp_base_url)
    if key not in _AXE_PAGES:
        context = page.context.browser.new_context(viewport=page.viewport_size, bypass_csp=True,
                                                   base_url=page.lp_base_url)
        target = context.new_page()
        target.goto("/accessibility")
        _AXE_PAGES[key] = target
    return _AXE_PAGES[key]


def check_accessibility(page, step: str) -> list:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) in the page; return its violations.

    Pages without JavaScript cannot run axe, so the check loads the same HTML in a JS-enabled
    page of the same size. A screenshot of each checked state goes to test-artifacts/e2e/.
    """
    screenshot(page, step)
    target = page
    if not page.lp_javascript:
        target = _axe_page_for(page)
        target.set_content(page.content())
    if not target.evaluate("typeof axe !== 'undefined'"):
        target.evaluate(_axe_source())
    result = target.evaluate(AXE_RUN)
    _record_axe(page, step, result)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _record_axe(page, step: str, result: dict) -> None:
    """One line per checked page and state in test-artifacts/e2e/axe.jsonl: the evidence of 0 violations."""
    import json

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    line = {"page": page.lp_name, "step": step, "url": page.url, "violations": len(result["violations"]),
            "passes": len(result["passes"]), "incomplete": len(result["incomplete"])}
    with (ARTIFACTS / "axe.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def _axe_source() -> str:
    if not hasattr(_axe_source, "text"):
        _axe_source.text = AXE.read_text()
    return _axe_source.text


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def backend() -> str:
    """The browser tests run on SQLite only: the PostgreSQL paths are the same views, tested without a browser."""
    return "sqlite"


# --- Helpers the journeys share -------------------------------------------------------------------

def latest_message(app, recipient: str, kind: str | None = None):
    """The newest OutboxMessage to `recipient`, read in a fresh session (the server writes in its own)."""
    from sqlalchemy import select

    from lp.extensions import db
    from lp.models import OutboxMessage

    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.recipient == recipient)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        message = db.session.scalars(query.order_by(OutboxMessage.id.desc())).first()
        assert message is not None, f"no {kind or ''} message to {recipient}"
        db.session.expunge(message)
        return message


def latest_key(app, recipient: str) -> str:
    return re.search(r"\b(\d{6})\b", latest_message(app, recipient, "sign_in_key").body).group(1)


def latest_link_path(app, recipient: str, kind: str) -> str:
    url = re.search(r"https?://\S+", latest_message(app, recipient, kind).body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def submit(page, name: str) -> None:
    """Press the button named `name` and wait for what it loads (a page, or an htmx swap)."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def sign_in_landlord(app, page, username: str, email: str, password: str) -> None:
    """The whole landlord sign-in in the browser: username and password, then the key from the outbox."""
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    submit(page, "Continue")
    page.get_by_label("Sign-in key").fill(latest_key(app, email))
    submit(page, "Continue")


def sign_in_council(page, username: str, password: str, totp_secret: str) -> None:
    import pyotp

    page.goto("/admin/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    submit(page, "Continue")
    page.get_by_label("Code").fill(pyotp.TOTP(totp_secret).now())
    submit(page, "Continue")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in?signed-out=1")


def signed_in_as(app, page, user) -> None:
    """Give the browser the session cookie of `user`, signed in the way lp/auth ends a sign-in (for
    tests whose subject is not the sign-in itself)."""
    from flask import session

    from lp.extensions import db
    from lp.sessions import start_session

    with app.test_request_context():
        start_session(user)
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as stored:
            stored.update(dict(session))
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": app.config["LP_BASE_URL"]}])
