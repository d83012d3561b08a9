"""The journeys people make, in a real Chromium, with JavaScript on and off, on a phone and a desktop;
axe-core checks every page and state on the way (0 WCAG 2.2 A/AA violations)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import (
    check_accessibility,
    latest_link_path,
    latest_message,
    new_context,
    no_horizontal_scroll,
    screenshot,
    sign_in_council,
    sign_in_landlord,
    sign_out,
    submit,
)

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "a long and memorable passphrase"
TENANT = "Grace Okafor"


@pytest.fixture
def extract(db):
    """What the nightly extract has loaded: an account no one has registered for yet, with one tenant."""
    account = f.make_account(None, reference="40011", name="Riverside Lettings")
    claim = f.make_claim(account, first_name="Grace", surname="Okafor", postcode="AN5 2QT", reference="HB40011")
    f.make_entitlement(claim)
    payment = f.make_payment(account, lines=[(claim, 41200, 0, 0)], paid_on=date.today() - timedelta(days=4))
    letter = f.make_letter(claim, letter_type="Change in entitlement")
    officer = f.make_user(None, username="officer", council_role="officer", totp_secret=pyotp.random_base32())
    db.session.commit()
    return {"account": account, "claim": claim, "payment": payment, "letter": letter, "officer": officer}


def checked(page, step: str) -> None:
    """The page as it stands passes axe and fits the screen."""
    assert check_accessibility(page, step) == [], step
    assert no_horizontal_scroll(page), f"{step}: scrolls sideways"


def second_person(page):
    """Another person at another computer, with the same JavaScript setting and screen size."""
    context = new_context(page.context.browser, java_script_enabled=page.lp_javascript,
                          viewport=page.viewport_size, base_url=page.lp_base_url)
    other = context.new_page()
    other.lp_javascript, other.lp_name, other.lp_base_url = page.lp_javascript, page.lp_name + "-2", page.lp_base_url
    return other


def register(page) -> str:
    page.goto("/register")
    checked(page, "register")
    page.get_by_label("Landlord reference").fill("40011")
    page.get_by_label("Landlord or organisation name").fill("Riverside Lettings")
    page.get_by_label("Address", exact=True).fill("2 Quay Street\nAnytown")
    page.get_by_label("Postcode", exact=True).fill("AN5 2QT")
    page.get_by_label("First name", exact=True).fill("Priya")
    page.get_by_label("Last name", exact=True).fill("Shah")
    page.get_by_label("Role in the organisation").fill("Lettings manager")
    page.get_by_label("E-mail address", exact=True).fill("priya@riverside.example")
    page.get_by_label("Confirm e-mail address").fill("priya@riverside.example")
    page.get_by_label("Telephone number").fill("020 7946 0000")
    page.get_by_label("I accept the terms of use and the data protection notice").check()
    submit(page, "Send registration")
    expect(page.locator("main")).to_contain_text("REG-")
    checked(page, "registered")
    return re.search(r"REG-[A-Z0-9-]+", page.locator("main").inner_text()).group(0)


def approve(officer_page, officer, reference: str) -> None:
    sign_in_council(officer_page, officer.username, f.PASSWORD, officer.totp_secret)
    officer_page.goto("/admin/registrations")
    checked(officer_page, "registrations")
    officer_page.get_by_role("link", name=reference).first.click()
    officer_page.wait_for_load_state()
    checked(officer_page, "registration")
    submit(officer_page, "Approve")
    expect(officer_page.locator("main")).to_contain_text(f"Registration {reference} approved")
    checked(officer_page, "approved")
    sign_out(officer_page)


def activate(app, page) -> str:
    page.goto(latest_link_path(app, "priya@riverside.example", "account_activation"))
    checked(page, "activate")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_label("By e-mail to priya@riverside.example").check()
    submit(page, "Set up account")
    expect(page.locator("main")).to_contain_text("Your account is ready")
    checked(page, "activated")
    body = latest_message(app, "priya@riverside.example", "account_activation").body
    return re.search(r"Your username is: (\S+)", body).group(1)


def test_a_landlord_registers_is_approved_activates_and_uses_the_service(app, page, extract, live_server):
    reference = register(page)
    officer_page = second_person(page)
    approve(officer_page, extract["officer"], reference)
    officer_page.context.close()

    username = activate(app, page)
    sign_in_landlord(app, page, username, "priya@riverside.example", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside Lettings")
    checked(page, "dashboard")

    # Search claims, and open the tenant's claim.
    page.goto("/claims")
    page.get_by_label("Name, claim or rent reference, or postcode").fill("Oka")
    submit(page, "Search")
    row = page.get_by_role("row").filter(has_text="Okafor, Grace")
    expect(row).to_be_visible()
    checked(page, "claims-search")
    row.get_by_role("link", name="HB40011").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TENANT)
    checked(page, "claim")

    # Drill into a payment: in place with JavaScript, its own page without.
    page.goto("/payments")
    checked(page, "payments")
    page.get_by_role("link", name=re.compile(r"breakdown of payment")).first.click()
    expect(page.locator("main")).to_contain_text(TENANT)
    checked(page, "payment-breakdown")

    # Open a letter (the PDF itself, as the browser receives it).
    page.goto("/letters")
    checked(page, "letters")
    href = page.get_by_role("link", name=re.compile(r"Change in entitlement sent .* \(PDF\)")).first.get_attribute("href")
    letter = page.request.get(href)
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    # Export a CSV of the search.
    page.goto("/claims?surname=Oka")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download 1 claim \(CSV\)")).click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("\ufeff") and "HB40011" in content and "Okafor" in content

    # Sign out, then Back: the tenant is not on the screen, and nothing personal is kept in storage.
    page.goto(f"/claims/{extract['claim'].reference}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TENANT)
    sign_out(page)
    expect(page.locator("main")).to_contain_text("You have signed out")
    checked(page, "signed-out")
    page.go_back()
    page.wait_for_load_state()
    screenshot(page, "back-after-sign-out")
    assert "Okafor" not in page.content()
    assert "Sign in" in page.locator("h1").inner_text()
    if page.lp_javascript:
        assert_nothing_personal_is_stored(page)


PERSONAL = ("Okafor", "Grace", "Oka", "AN5", "priya", "Riverside", "41200", "412.00")


def assert_nothing_personal_is_stored(page) -> None:
    """localStorage is empty; sessionStorage holds at most htmx's note of the current path, and none
    of it names the tenant, the search, the user or the organisation."""
    local, session = page.evaluate("[Object.entries(localStorage), Object.entries(sessionStorage)]")
    assert local == []
    assert {key for key, _ in session} <= {"htmx-current-path-for-history"}
    for _, value in session:
        assert not any(word.lower() in value.lower() for word in PERSONAL), value
