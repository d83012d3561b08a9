"""Layout journeys: every page, landlord's and council's, fits a 320 px screen without sideways
scrolling; the idle-timeout warning; Help and Contact reached from the sign-in page."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import signed_in_as
from tests.security.conftest import world  # noqa: F401  (the fixture: an object of every kind)
from tests.security.routes import ROUTES, example_url

pytestmark = pytest.mark.e2e
NARROW = {"width": 320, "height": 640}
# Pages that are not pages: downloads, JSON, the stylesheet, redirects after an action.
# The elements reaching past the right edge, to say in the failure what is too wide.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)
  .slice(-3).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
NOT_PAGES = (".csv", "/healthz", "/brand.css", "/static/", "/keep-alive")


def _get_pages(app, objects, kinds) -> list[str]:
    """The example URL of every GET route of the given kinds (from tests/security/routes.py)."""
    urls = set()
    for rule in app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        if route is None or route.kind not in kinds or "GET" not in (rule.methods or ()):
            continue
        if rule.endpoint == "static" or (route.ok != 200 and route.kind != "signed-in"):
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
    context = browser.new_context(viewport=NARROW, base_url=live_server)
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
