"""Layout journeys: every page, landlord's and council's, fits a 320 px screen without sideways
scrolling; the idle-timeout warning; Help and Contact reached from the sign-in page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, new_context, no_horizontal_scroll, signed_in_as
from tests.security.conftest import world  # noqa: F401  (the fixture: an object of every kind)
from tests.security.routes import ROUTES, example_url

pytestmark = pytest.mark.e2e
NARROW = {"width": 320, "height": 640}
# Pages that are not pages: downloads, JSON, the stylesheet, redirects after an action.
# The elements reaching past the right edge, to say in the failure what is too wide.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)
  .slice(-3).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
NOT_PAGES = (".csv", "/healthz", "/brand.css", "/static/", "/keep-alive")
# Static files; and a letter, which is its PDF: a headless browser downloads it instead of showing a page.
NOT_PAGE_ENDPOINTS = {"static", "letters.open_letter"}


def _get_pages(app, objects, kinds) -> list[str]:
    """The example URL of every GET route of the given kinds (from tests/security/routes.py)."""
    urls = set()
    for rule in app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        if route is None or route.kind not in kinds or "GET" not in (rule.methods or ()):
            continue
        if rule.endpoint in NOT_PAGE_ENDPOINTS or (route.ok != 200 and route.kind != "signed-in"):
            continue
        url = example_url(app, rule.endpoint, objects)
        if not any(part in url for part in NOT_PAGES):
            urls.add(url)
    return sorted(urls)


def _too_wide(page, urls, *, signed_in=True) -> dict[str, tuple]:
    wide = {}
    for url in urls:
        response = page.goto(url)
        if response is None or "html" not in response.headers.get("content-type", ""):
            continue
        assert not signed_in or "/sign-in" not in page.url, f"{url}: sent to sign in"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide[url] = (width, page.evaluate(WIDEST))
    return wide


@pytest.fixture
def narrow(browser, live_server):
    context = new_context(browser, viewport=NARROW, base_url=live_server)
    page = context.new_page()
    yield page
    context.close()


def test_no_landlord_page_scrolls_sideways_at_320px(app, narrow, world):  # noqa: F811
    public = _get_pages(app, world, {"public"})
    assert _too_wide(narrow, public, signed_in=False) == {}
    urls = _get_pages(app, world, {"landlord", "signed-in"})
    assert len(urls) > 25
    signed_in_as(app, narrow, world["lead"])
    assert _too_wide(narrow, urls) == {}


def test_no_council_page_scrolls_sideways_at_320px(app, narrow, world):  # noqa: F811
    urls = _get_pages(app, world, {"council"}) + ["/admin/landlords?q=North", "/admin/audit?q=lead"]
    assert len(urls) > 12
    signed_in_as(app, narrow, world["admin"])
    assert _too_wide(narrow, urls) == {}


# --- The idle-timeout warning -------------------------------------------------------------------

DIALOG = "You’re about to be signed out"
# A landlord is signed out after 30 minutes idle; the dialog opens 2 minutes before.
UNTIL_THE_WARNING = (28 * 60 + 1) * 1000  # milliseconds, as Playwright's clock counts


@pytest.mark.parametrize("page", [(True, "desktop"), (True, "phone")], indirect=True, ids=["js-desktop", "js-phone"])
def test_the_timeout_warning_counts_down_and_stay_signed_in_restarts_the_clock(app, page, world):  # noqa: F811
    page.clock.install()
    signed_in_as(app, page, world["lead"])
    page.goto("/payments")
    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_hidden()

    page.clock.fast_forward(UNTIL_THE_WARNING)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("For your security, we will sign you out in 2 minutes.")
    # Screen readers: the live region says it once, not each second.
    expect(page.locator("#timeout-announce[aria-live]")).to_have_text("For your security, we will sign you out in 2 minutes.")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert check_accessibility(page, "timeout-warning") == []
    assert no_horizontal_scroll(page)

    page.clock.fast_forward(75_000)  # into the last minute: seconds now (the clock also runs on its own)
    expect(page.locator("#timeout-message")).to_have_text(re.compile(r"we will sign you out in [1-4]\d seconds\.$"))

    with page.expect_response(lambda response: "/session/keep-alive" in response.url) as keep_alive:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.json()["session_seconds_left"] > 29 * 60
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/payments")  # the page stays as it was

    page.clock.fast_forward(UNTIL_THE_WARNING)  # the clock starts again from the keep-alive
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # closing the dialog is staying signed in, as in GOV.UK's pattern
    expect(dialog).to_be_hidden()


@pytest.mark.parametrize("page", [(True, "desktop")], indirect=True, ids=["js-desktop"])
def test_a_live_search_counts_as_activity_for_the_timeout_warning(app, page, world):  # noqa: F811
    page.clock.install()
    signed_in_as(app, page, world["admin"])  # council users: 15 minutes idle, the dialog at 13
    page.goto("/admin/landlords")
    page.clock.fast_forward(10 * 60_000)
    page.get_by_label(re.compile("organisation", re.I)).first.fill("North")  # htmx searches as you type
    expect(page.locator("#landlord-results")).to_contain_text("Northgate Housing Association")
    page.clock.fast_forward(4 * 60_000)  # 14 minutes since the page, 4 since the search
    expect(page.get_by_role("dialog", name=DIALOG)).to_be_hidden()
    page.clock.fast_forward(9 * 60_000 + 1000)  # 13 minutes since the search
    expect(page.get_by_role("dialog", name=DIALOG)).to_be_visible()


@pytest.mark.parametrize("page", [(True, "desktop")], indirect=True, ids=["js-desktop"])
def test_sign_out_from_the_timeout_warning(app, page, world):  # noqa: F811
    page.clock.install()
    signed_in_as(app, page, world["lead"])
    page.goto("/")
    page.clock.fast_forward(UNTIL_THE_WARNING)
    page.get_by_role("dialog", name=DIALOG).get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in?signed-out=1")


@pytest.mark.parametrize("page", [(False, "phone")], indirect=True, ids=["nojs-phone"])
def test_without_javascript_the_notice_and_its_link_stay(app, page, world):  # noqa: F811
    signed_in_as(app, page, world["lead"])
    page.goto("/payments")
    expect(page.locator("#session-notice")).to_contain_text("For your security, we will sign you out at")
    expect(page.get_by_role("dialog", name=DIALOG)).to_be_hidden()
    page.locator("#session-notice").get_by_role("link", name="Stay signed in").click()
    assert page.url.endswith("/payments")


# --- Help and Contact ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", [(True, "phone"), (False, "desktop")], indirect=True, ids=["js-phone", "nojs-desktop"])
def test_help_and_contact_are_reached_from_the_sign_in_page_and_the_footer(app, page):
    council, service = app.config["LP_COUNCIL_NAME"], app.config["LP_SERVICE_NAME"]
    page.goto("/sign-in")
    page.locator("#sign-in-help").get_by_role("link", name=f"Help using the {service}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Help using the {service}")
    expect(page.locator("#emails + p")).to_contain_text("check your spam or junk folder")
    assert check_accessibility(page, "help") == [] and no_horizontal_scroll(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {council}")
    expect(page.locator("#contact-details")).to_contain_text(app.config["LP_CONTACT_PHONE"])
    assert check_accessibility(page, "contact") == [] and no_horizontal_scroll(page)

    page.goto("/sign-in")
    page.get_by_role("link", name="sign in to the council console").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("sign in", re.I))
    assert page.url.endswith("/admin/sign-in")
