"""End-to-end fixtures: lp served by waitress on a free port, driven by Debian's Chromium (its headless
shell) through Playwright (nothing downloads a browser), with axe-core checking every page and state visited.

Each journey runs with JavaScript on and off, at 360x640 and 1280x800. Screenshots go to
test-artifacts/e2e/ (kept by CI as artefacts). Every page runs under lp's real Content-Security-Policy
(never bypass_csp): a CSP violation, an uncaught exception or any error in the console fails the test.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import run_waitress, stop_waitress

# Chromium's headless shell (Debian's chromium-headless-shell, installed by `make test`): the same engine
# as the browser, without its desktop shell; Playwright's own choice for headless tests. It shows no PDF:
# navigating to one starts a download. LP_CHROMIUM=/usr/bin/chromium runs the tests in the full browser.
CHROMIUM = os.environ.get("LP_CHROMIUM", "/usr/bin/chromium-headless-shell")
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
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium-headless-shell package")
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
    server = create_server(app, host="127.0.0.1", port=_free_port(), threads=4, ident="",
                           asyncore_loop_timeout=0.05)  # so that stopping it is seen at once
    base_url = f"http://127.0.0.1:{server.effective_port}"
    app.config["LP_BASE_URL"] = base_url
    thread = threading.Thread(target=run_waitress, args=(server,), daemon=True)
    thread.start()
    yield base_url
    stop_waitress(server, thread)


# Chromium logs its own CSP refusals as console errors; this makes sure each violation is said
# even where that log line is not (and names the directive and the blocked source).
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  `securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI}`
  + ` (${e.sourceFile || "the page"}:${e.lineNumber})`), true);"""
_WATCHED: list = []


def new_context(browser, *, checked_after_test: bool = True, **options):
    """A browser context under lp's real CSP whose pages' console errors, uncaught exceptions and CSP
    violations are kept in context.lp_problems: checked after the test by `no_browser_problems`, or
    (checked_after_test=False) by the caller, through `browser_problems`."""
    assert "bypass_csp" not in options, "the journeys run under lp's real Content-Security-Policy"
    context = browser.new_context(**options)
    context.lp_problems = []
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on("page", lambda page: _watch(page, context.lp_problems))
    if checked_after_test:
        _WATCHED.append(context)
    return context


# A page a test opens on purpose that answers 403 or 404 (a colleague without a permission, another
# landlord's letter): the test asserts what that page says, so its status alone is not a problem; nor is
# the /favicon.ico Chromium asks for beside a document that is not lp's HTML (a letter's PDF): lp's
# pages name their own empty icon. A stylesheet, script or fragment that fails to load is a problem.
A_PAGE_REFUSED = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d\b")


def _watch(page, problems: list) -> None:
    def console(message) -> None:
        if message.type != "error":
            return
        if A_PAGE_REFUSED.match(message.text) and message.location.get("url") in (
                page.url, urljoin(page.url, "/favicon.ico")):
            return
        problems.append(f"{page.url}: console error: {message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error.name}: {error.message}"))


def browser_problems(contexts) -> list[str]:
    """What the browser reported in these contexts, closing those still open."""
    problems = []
    for context in contexts:
        problems += context.lp_problems
        context.close()
    return problems


@pytest.fixture(autouse=True)
def no_browser_problems():
    """Fail the test if any page it opened logged an error or broke the CSP (the message says what)."""
    _WATCHED.clear()
    yield
    problems = browser_problems(list(_WATCHED))
    _WATCHED.clear()
    assert problems == [], "the browser reported:\n" + "\n".join(problems)


@pytest.fixture(params=[(js, viewport) for js in (True, False) for viewport in VIEWPORTS],
                ids=lambda p: f"{'js' if p[0] else 'nojs'}-{p[1]}")
def page(request, browser, live_server):
    """A fresh browser context per test: JavaScript on or off, phone or desktop size."""
    javascript, viewport = request.param
    context = new_context(browser, java_script_enabled=javascript, viewport=VIEWPORTS[viewport],
                          base_url=live_server)
    if javascript:
        # axe-core ready in every page the test visits: an init script runs in the page's world
        # without the CSP's checks, so lp's CSP stays as it is and still governs the page's own scripts.
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.lp_javascript = javascript
    page.lp_base_url = live_server
    page.lp_name = f"{request.node.originalname}-{'js' if javascript else 'nojs'}-{viewport}"
    yield page
    context.close()
    for key in [k for k in _AXE_PAGES if k[2] == live_server]:
        _AXE_PAGES.pop(key).context.close()


def screenshot(page, step: str) -> None:
    """What the person sees when the state arrives: the screen, not the whole page. A whole page cost
    two to three times as much (Chromium lays it out again at its full height), about a tenth of the
    browser tests' time; what is below the fold is still checked by axe and by the test's assertions."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9_-]+", "-", f"{page.lp_name}-{step}".lower())
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


_AXE_PAGES: dict = {}
# resultTypes: axe lists every node only for violations (a rule that passes names one node, not all of
# them), which is axe's documented way to run faster; the rules checked and the violations found are the same.
AXE_RUN = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}, resultTypes: ['violations']})"
)


def _axe_page_for(page):
    """A JavaScript-enabled page of the same size, kept for the session, on lp's origin (so the HTML
    seen without JavaScript can be checked there with its stylesheets)."""
    key = (id(page.context.browser), page.viewport_size["width"], page.lp_base_url)
    if key not in _AXE_PAGES:
        context = new_context(page.context.browser, viewport=page.viewport_size, base_url=page.lp_base_url)
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
        # Playwright's clicks and fills leave an empty style="" on the elements they touched (set through
        # the CSSOM, which the CSP allows); parsed again as markup it would be an inline style the CSP refuses.
        target.set_content(page.content().replace(' style=""', ""))
    if not target.evaluate("typeof axe !== 'undefined'"):
        target.evaluate(_axe_source())  # evaluated through the DevTools protocol: no CSP check
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
