"""The public pages in a real browser: accessible (axe), usable at 360px, with and without JS."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import check_accessibility, no_horizontal_scroll

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/accessibility", "/privacy", "/cookies"])
def test_public_pages_pass_axe_and_fit_a_phone(page, path):
    page.goto(path)
    assert page.locator("h1").is_visible()
    assert check_accessibility(page, path.strip("/")) == []
    assert no_horizontal_scroll(page)


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/accessibility")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
