"""The journeys run under lp's real Content-Security-Policy: a CSP that blocks lp's own scripts, or
a page that breaks the CSP, is reported by the browser and fails the test that saw it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lp import security
from tests.e2e.conftest import browser_problems, new_context

pytestmark = pytest.mark.e2e


@pytest.fixture
def watched(browser, live_server):
    """One page of a watched context, whose problems this test reads itself (and so takes them
    from the check that would fail it)."""
    context = new_context(browser, checked_after_test=False, base_url=live_server)
    page = context.new_page()
    yield page
    context.close()


def problems_of(page) -> list[str]:
    page.wait_for_timeout(200)  # let the console events of the last step arrive
    return browser_problems([page.context])


def test_lps_pages_run_their_scripts_under_the_real_csp(watched):
    watched.goto("/sign-in")
    # The hashed line in the layout and lp.js (GOV.UK Frontend, htmx) both ran.
    expect(watched.locator("body")).to_have_class("govuk-template__body govuk-frontend-supported")
    assert watched.evaluate("typeof htmx") == "object"
    assert "'unsafe-inline'" not in watched.evaluate("document.querySelector('meta[name=htmx-config]').content")
    assert problems_of(watched) == []


def test_an_inline_script_the_csp_does_not_allow_is_blocked_and_reported(watched):
    watched.goto("/accessibility")
    watched.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.lpRan = 1'; document.body.append(s); }""")
    assert watched.evaluate("window.lpRan") is None
    problems = problems_of(watched)
    assert any("securitypolicyviolation: script-src-elem blocked inline" in p for p in problems), problems


def test_an_inline_style_is_reported_with_javascript_off(browser, live_server):
    context = new_context(browser, checked_after_test=False, base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    # A page with a style attribute, sent with lp's own CSP header.
    page.route("**/accessibility", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": security.CSP},
        body='<!DOCTYPE html><title>Styled</title><p style="color:red">Styled</p>'))
    page.goto("/accessibility")
    problems = problems_of(page)
    assert any("console error" in p and "style-src" in p for p in problems), problems


def test_a_csp_that_blocks_lps_own_scripts_fails_the_journey(watched, monkeypatch):
    # As if someone dropped the layout's hash and 'self' from script-src: htmx and GOV.UK Frontend stop.
    monkeypatch.setattr(security, "CSP", security.CSP.replace(
        f"script-src 'self' '{security.BODY_SCRIPT_HASH}'", "script-src 'none'"))
    watched.goto("/sign-in")
    assert watched.evaluate("typeof htmx") == "undefined"
    problems = problems_of(watched)
    assert any("script-src-elem blocked" in p and "/static/dist/lp." in p for p in problems), problems
    assert any("script-src-elem blocked inline" in p for p in problems), problems
