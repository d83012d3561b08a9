"""A landlord's visit in Debian's Chromium, through nginx over HTTPS: sign in with the key from the
outbox, search, download the CSV, sign out."""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from deploy.client import BASE_URL
from tests.deploy.conftest import one
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, browser_problems, new_context

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(deployment):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # The rehearsal's certificate is self-signed; the requests suite checks it properly. Under the
        # CSP nginx delivers, a violation or a console error fails the journey (tests/e2e/conftest.py).
        context = new_context(browser, checked_after_test=False, base_url=BASE_URL, ignore_https_errors=True,
                              viewport={"width": 1280, "height": 800})
        yield context.new_page()
        problems = browser_problems([context])
        browser.close()
    assert problems == [], "the browser reported:\n" + "\n".join(problems)


def test_landlord_journey_in_the_browser(deployment, database, page):
    claim = one(database, """
        SELECT c.reference, c.tenant_last_name FROM claim c JOIN landlord_account a ON a.id = c.account_id
        WHERE a.reference = '10001' AND c.status = 'Active' ORDER BY c.id LIMIT 1""")

    page.goto("/sign-in")
    page.get_by_label("Username").fill("demo-other")
    page.get_by_label("Password").fill(deployment.password)
    seen = set(os.listdir(deployment.outbox))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Sign-in key").fill(deployment.latest_key("demo-other@example.org", seen))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url == f"{BASE_URL}/"

    # The search form's GET, as its URL (tests/e2e covers the form itself).
    page.goto(f"/claims?surname={claim.tenant_last_name}")
    expect(page.get_by_role("link", name=claim.reference)).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download .*\(CSV\)")).click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert claim.reference in [row["Claim reference"] for row in rows]

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in?signed-out=1")
    expect(page.locator("main")).to_contain_text("You have signed out")
