"""Help and Contact: the council's own words and details, from settings, reached from every page's
footer and from the sign-in page."""
from __future__ import annotations

import pytest


def test_help_says_how_to_register_sign_in_read_a_payment_and_report_a_change(app, get_page):
    page = get_page("/help")
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    for heading in ("Register", "Sign in", "Read a payment", "Report a change", "E-mails from us",
                    "How far back you can see", "Contact the council"):
        assert heading in headings
    assert f"Our e-mails come from {app.config['LP_MAIL_FROM']}" in page.text("#emails + p")
    assert "check your spam or junk folder" in page.text("#emails + p")
    assert "from the last 2 years" in page.text("#how-far-back + p")
    assert "within 3 working days" in page.text("#payment-timing")
    assert "may change" in page.text("#entitlement-note")
    assert "After 10 wrong tries in a row we lock the account" in page.text("main")
    assert "6-digit sign-in key by e-mail or text message, whichever you chose; it works for 10 minutes" in page.text("main")
    assert {a["href"] for a in page.select("main a")} >= {"/register", "/forgotten-username",
                                                          "/forgotten-password", "/contact"}


def test_help_is_in_the_councils_own_words(app, get_page):
    app.config.update(LP_HELP_PAYMENT_TIMING="Payments reach your bank on the Tuesday after they are made.",
                      LP_HELP_ENTITLEMENT_NOTE="Entitlement can change at any time.",
                      LP_HORIZON_DAYS=365, LP_MAIL_FROM="portal@borough.example")
    page = get_page("/help")
    assert page.text("#payment-timing") == "Payments reach your bank on the Tuesday after they are made."
    assert page.text("#entitlement-note") == "Entitlement can change at any time."
    assert "from the last 1 year." in page.text("#how-far-back + p")
    assert "portal@borough.example" in page.text("#emails + p")


def test_contact_gives_the_councils_phone_email_and_hours(app, get_page):
    app.config.update(LP_CONTACT_PHONE="0161 496 0000", LP_CONTACT_EMAIL="hb@borough.example",
                      LP_CONTACT_HOURS="Monday to Thursday, 10am to 4pm")
    page = get_page("/contact")
    assert page.text("h1") == f"Contact {app.config['LP_COUNCIL_NAME']}"
    assert page.text("#contact-details") == ("Telephone 0161 496 0000 E-mail hb@borough.example "
                                             "Opening hours Monday to Thursday, 10am to 4pm")
    assert page.select_one("#contact-details a[href^='tel:']")["href"] == "tel:+441614960000"
    assert page.select_one("#contact-details a[href^='mailto:']")["href"] == "mailto:hb@borough.example"


@pytest.mark.parametrize("url", ["/accessibility", "/sign-in", "/register"])
def test_every_footer_links_to_help_and_contact(get_page, url):
    links = {a.get_text(strip=True): a["href"] for a in get_page(url).select("footer a")}
    assert links["Help"] == "/help" and links["Contact"] == "/contact"


def test_the_sign_in_page_links_to_help_contact_registration_and_the_council_console(app, get_page):
    links = {a.get_text(strip=True): a["href"] for a in get_page("/sign-in").select("#sign-in-help a")}
    assert links == {"Register": "/register", f"Help using the {app.config['LP_SERVICE_NAME']}": "/help",
                     f"Contact {app.config['LP_COUNCIL_NAME']}": "/contact",
                     "sign in to the council console": "/admin/sign-in"}


def test_the_council_sign_in_page_links_back_to_the_landlords_sign_in(get_page):
    links = {a.get_text(strip=True): a["href"] for a in get_page("/admin/sign-in").select("#sign-in-help a")}
    assert links["Landlords and agents sign in here"] == "/sign-in" and "Register" not in links
