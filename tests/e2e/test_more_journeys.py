"""The other journeys (a colleague invited and limited, a report of a change, the council unlocking a
user and loading an extract), forms completed by keyboard alone, and hostile input never run.

To keep the browser run short these take two of the four combinations: JavaScript on at desktop size,
and JavaScript off on a phone (the main journey in test_journeys.py takes all four).
"""
from __future__ import annotations

import re
import zipfile

import pyotp
import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import (
    check_accessibility,
    latest_key,
    latest_link_path,
    latest_message,
    no_horizontal_scroll,
    sign_in_council,
    sign_in_landlord,
    sign_out,
    signed_in_as,
    submit,
)
from tests.e2e.test_journeys import assert_nothing_personal_is_stored, second_person

pytestmark = pytest.mark.e2e
TWO = pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True,
                              ids=["js-desktop", "nojs-phone"])
PASSWORD = "another long memorable passphrase"


def checked(page, step: str) -> None:
    assert check_accessibility(page, step) == [], step
    assert no_horizontal_scroll(page), f"{step}: scrolls sideways"


@pytest.fixture
def lettings(db):
    """An organisation with its lead user, one account and one tenant."""
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    claim = f.make_claim(account, first_name="Tomasz", surname="Nowak", postcode="AN3 4DE", reference="HB2001")
    f.make_entitlement(claim)
    f.make_payment(account, lines=[(claim, 9850, 0, 0)])
    lead = f.make_user(org, username="lead", email="lead@northgate.example", is_lead=True)
    db.session.commit()
    return {"org": org, "account": account, "claim": claim, "lead": lead}


@TWO
def test_a_lead_invites_a_colleague_who_sees_only_what_they_may(app, page, lettings):
    signed_in_as(app, page, lettings["lead"])
    page.goto("/team/invite")
    checked(page, "team-invite")
    page.get_by_label("First name").fill("Ama")
    page.get_by_label("Last name").fill("Mensah")
    page.get_by_label("E-mail address", exact=True).fill("ama@northgate.example")
    page.get_by_label("E-mail address again").fill("ama@northgate.example")
    page.get_by_label("View payments").check()
    submit(page, "Send the invitation")
    expect(page.locator("main")).to_contain_text("Ama Mensah")
    checked(page, "team-invited")
    page.goto("/team")
    checked(page, "team")

    colleague = second_person(page)
    colleague.goto(latest_link_path(app, "ama@northgate.example", "team_invitation"))
    checked(colleague, "colleague-activate")
    colleague.get_by_label("Password", exact=True).fill(PASSWORD)
    colleague.get_by_label("Confirm password").fill(PASSWORD)
    colleague.get_by_label("By e-mail to ama@northgate.example").check()
    submit(colleague, "Set up account")
    body = latest_message(app, "ama@northgate.example", "team_invitation").body
    username = re.search(r"[Uu]sername[^:]*:\s*(\S+)", body).group(1)
    sign_in_landlord(app, colleague, username, "ama@northgate.example", PASSWORD)
    menu = colleague.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Payments", exact=True)).to_be_attached()
    expect(menu.get_by_role("link", name="Claims", exact=True)).to_have_count(0)
    expect(menu.get_by_role("link", name="Team", exact=True)).to_have_count(0)
    checked(colleague, "colleague-dashboard")
    colleague.goto("/claims")
    expect(colleague.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    assert "Nowak" not in colleague.content()
    checked(colleague, "colleague-forbidden")
    colleague.goto("/payments")
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Payments")
    colleague.context.close()


@TWO
def test_a_landlord_reports_a_change_and_sees_it_listed(app, page, lettings):
    signed_in_as(app, page, lettings["lead"])
    page.goto("/claims/HB2001")
    page.get_by_role("link", name="Report a change for this tenant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a change")
    checked(page, "report-change")
    submit(page, "Send the report")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked(page, "report-change-errors")
    page.get_by_label("Tenant moved out").check()
    page.get_by_label("When did it happen?").fill("01/11/2026")
    page.get_by_label("Details").fill("Moved to 4 Bridge Road, Anytown")
    submit(page, "Send the report")
    expect(page.locator("main")).to_contain_text("Change reported")
    checked(page, "change-reported")
    page.goto("/changes")
    expect(page.locator("main")).to_contain_text("Tenant moved out")
    checked(page, "changes")


@pytest.fixture
def council_world(db, lettings):
    locked = f.make_user(lettings["org"], username="locked.user", first_name="Lee", last_name="Locked",
                         status="locked", failed_sign_ins=10)
    admin = f.make_user(None, username="council.admin", council_role="admin", totp_secret=pyotp.random_base32())
    db.session.commit()
    return {"locked": locked, "admin": admin}


@TWO
def test_a_council_admin_unlocks_a_locked_user_and_loads_an_extract(app, page, lettings, council_world, tmp_path):
    from tests.imports.extract import ExtractFiles

    admin = council_world["admin"]
    sign_in_council(page, admin.username, f.PASSWORD, admin.totp_secret)
    expect(page).to_have_url(re.compile(r"/admin$"))
    checked(page, "admin-overview")
    page.goto("/admin/landlords")
    page.get_by_label("Organisation name, landlord reference, postcode").fill("Northgate")
    submit(page, "Search")
    checked(page, "admin-landlords")
    page.get_by_role("link", name="Northgate Housing Association").click()
    page.wait_for_load_state()
    checked(page, "admin-landlord")
    submit(page, "Unlock for Lee Locked")
    expect(page.locator("main")).to_contain_text("Lee Locked can sign in again")
    checked(page, "admin-unlocked")

    extract = tmp_path / "nightly.zip"
    with zipfile.ZipFile(extract, "w") as archive:
        for name, content in ExtractFiles.valid().files().items():
            archive.writestr(name, content)
    page.goto("/admin/imports")
    checked(page, "admin-imports")
    page.get_by_label("Extract zip file").set_input_files(str(extract))
    submit(page, "Check and load")
    expect(page.locator("main")).to_contain_text("Extract loaded")
    checked(page, "admin-import-loaded")
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the council console")


# --- Keyboard alone: Tab, typing and Enter, no clicks -------------------------------------------

def tab_to(page, label: str, limit: int = 60) -> None:
    """Press Tab until the field labelled `label` (or the button named so) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => { const e = document.activeElement;
            return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || '').trim(); }""")
        if name.split("\n")[0].strip() == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def choose_radio(page, label: str, limit: int = 60) -> None:
    """A radio group is one Tab stop: Tab into it, then the arrow keys move (and tick) the choice."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "radio":
            break
    else:
        raise AssertionError("Tab never reached a radio group")
    for _ in range(20):
        focused = page.evaluate("() => document.activeElement.labels[0].innerText.trim()")
        if focused == label:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {label!r}")


def keyboard_submit(page, label: str) -> None:
    tab_to(page, label)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@TWO
def test_sign_in_key_search_and_report_a_change_with_the_keyboard_alone(app, page, lettings):
    lead = lettings["lead"]
    page.goto("/sign-in")
    tab_to(page, "Username")
    page.keyboard.type(lead.username)
    tab_to(page, "Password")
    page.keyboard.type(f.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    tab_to(page, "Sign-in key")
    page.keyboard.type(latest_key(app, lead.email))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northgate")

    page.goto("/claims")
    tab_to(page, "Name, claim or rent reference, or postcode")
    page.keyboard.type("Now")
    keyboard_submit(page, "Search")
    expect(page.get_by_role("row").filter(has_text="Nowak, Tomasz")).to_be_visible()

    page.goto("/claims/HB2001/report-change")
    choose_radio(page, "Tenant moved out")
    tab_to(page, "When did it happen?")
    page.keyboard.type("01/11/2026")
    tab_to(page, "Details")
    page.keyboard.type("Moved out at the end of October")
    keyboard_submit(page, "Send the report")
    expect(page.locator("main")).to_contain_text("Change reported")


# --- Hostile input in a real browser ----------------------------------------------------------

XSS = [
    '<script>window.__xss=1</script>',
    '"><img src=x onerror="window.__xss=1">',
    "javascript:window.__xss=1",
    "<svg onload=window.__xss=1>",
]


@pytest.mark.parametrize("page", [(True, "desktop")], indirect=True, ids=["js-desktop"])
def test_xss_payloads_typed_into_forms_never_run(app, page, lettings):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    signed_in_as(app, page, lettings["lead"])
    for payload in XSS:
        page.goto("/claims")
        page.get_by_label("Name, claim or rent reference, or postcode").fill(payload)
        submit(page, "Search")
        expect(page.get_by_label("Name, claim or rent reference, or postcode")).to_have_value(payload)
        page.goto("/claims/HB2001/report-change")
        page.get_by_label("Other", exact=True).check()
        page.get_by_label("When did it happen?").fill("01/11/2026")
        page.get_by_label("Details").fill(payload)
        submit(page, "Send the report")
        expect(page.locator("main")).to_contain_text(payload)
        assert page.evaluate("window.__xss") is None
    page.goto("/changes")
    assert page.evaluate("window.__xss") is None and dialogs == []
    assert_nothing_personal_is_stored(page)


@TWO
def test_print_this_page_opens_the_print_dialog_or_the_printable_page(app, page, lettings):
    signed_in_as(app, page, lettings["lead"])
    page.context.add_init_script("window.lpPrinted = 0; window.print = () => { window.lpPrinted += 1; };")
    page.goto("/payments")
    page.get_by_role("link", name="Print this page").click()
    page.wait_for_load_state()
    if page.lp_javascript:
        assert page.evaluate("window.lpPrinted") == 1
        assert "print=1" not in page.url
    else:
        assert "print=1" in page.url
    expect(page.locator("main")).to_contain_text("9998")
