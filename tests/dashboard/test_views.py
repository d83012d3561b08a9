"""The dashboard at /: the organisation's accounts, counts that link to filtered lists, the council's messages."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from lp.models import ImportBatch, LetterRead, Message
from lp.templating import format_datetime
from tests import factories as f


def test_the_dashboard_names_the_organisation_and_sums_each_account(lead_client, landlord_world, payments, fetch, db):
    # A payment five weeks ago is the 9999 account's too, but not within the last 4 weeks.
    f.make_payment(landlord_world["second_account"], paid_on=date.today() - timedelta(days=35),
                   lines=[(payments["tenant"], 100000, 0, 0)])
    f.make_payment(landlord_world["account"], paid_on=date.today() - timedelta(days=20), status="Returned",
                   lines=[(payments["tenant"], 50000, 0, 0)])
    db.session.commit()
    page = fetch(lead_client, "/")
    assert page.text("h1") == "Northgate Housing Association"
    accounts = {row.select_one("td a").get_text(strip=True): {cell["data-label"]: cell.get_text(strip=True)
                for cell in row.select("td")} for row in page.select("#accounts tbody tr")}
    assert set(accounts) == {"9998", "9999"}
    assert accounts["9998"]["Latest payment"] == (date.today() - timedelta(days=3)).strftime("%d/%m/%Y")
    assert accounts["9998"]["Amount"] == "£158.60"
    assert accounts["9998"]["Paid in the last 4 weeks"] == "£158.60"
    assert accounts["9999"]["Paid in the last 4 weeks"] == "£77.77"
    assert not re.search(r"\b7001\b", page.text()) and "£43.21" not in page.text()  # account 7001, not HB7001


def test_unread_letters_and_suspended_claims_are_counted_and_link_to_the_lists(
        lead_client, landlord_world, payments, fetch, db):
    claim = payments["tenant"]
    f.make_letter(claim)
    f.make_letter(claim)
    read = f.make_letter(claim)
    db.session.add(LetterRead(letter_id=read.id, user_id=landlord_world["lead"].id))
    f.make_letter(claim, sent_on=date.today() - timedelta(days=800))  # past the horizon
    f.make_letter(f.make_claim(landlord_world["other_account"]))
    f.make_claim(landlord_world["account"], status="Suspended", suspended=True)
    f.make_claim(landlord_world["other_account"], status="Suspended", suspended=True)
    db.session.commit()
    page = fetch(lead_client, "/")
    letters = page.select_one("a#unread-letters")
    assert letters["href"] == "/letters?unread=1" and " ".join(letters.get_text(" ").split()) == "2 unread letters"
    claims = page.select_one("a#suspended-claims")
    assert claims["href"] == "/claims?suspended=1" and " ".join(claims.get_text(" ").split()) == "1 suspended claim"


def test_the_suspended_count_is_what_only_suspended_claims_finds(lead_client, landlord_world, fetch, db):
    account = landlord_world["account"]
    for n in range(4):
        f.make_claim(account, reference=f"HB100000{n}", status="Suspended", suspended=True)
    f.make_claim(account, reference="HB2000000", status="Active", suspended=True)  # payments held, still live
    db.session.commit()
    dashboard = fetch(lead_client, "/")
    assert " ".join(dashboard.text("#suspended-claims").split()) == "5 suspended claims"
    found = fetch(lead_client, dashboard.select_one("#suspended-claims")["href"])
    assert "Showing 1 to 5 of 5 claims" in found.text("#claim-results")


def test_a_letter_read_by_a_colleague_is_still_unread_for_me(viewer_client, lead_client, landlord_world, payments, fetch, db):
    letter = f.make_letter(payments["tenant"])
    db.session.add(LetterRead(letter_id=letter.id, user_id=landlord_world["viewer"].id))
    db.session.commit()
    assert "1 unread letter" in fetch(lead_client, "/").text("#unread-letters")


def test_sections_show_only_for_the_users_permissions(viewer_client, no_permissions_client, payments, fetch):
    viewer = fetch(viewer_client, "/")
    assert viewer.select_one("#accounts") and viewer.select_one("#suspended-claims")
    assert not viewer.select_one("#unread-letters")
    nobody = fetch(no_permissions_client, "/")
    assert nobody.text("h1") == "Northgate Housing Association"
    assert not nobody.select("#accounts, #suspended-claims, #unread-letters")


def test_todays_council_messages_show_as_plain_text_with_line_breaks(lead_client, landlord_world, fetch, db):
    today = date.today()
    db.session.add(Message(body="Offices closed Friday.\n<b>Payments</b> go out Thursday.",
                           starts_on=today, ends_on=today))
    db.session.add(Message(body="An old message", starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1)))
    db.session.commit()
    page = fetch(lead_client, "/")
    banner = page.select_one(".govuk-notification-banner__content")
    assert banner.select("br") and not banner.select("b")
    assert "<b>Payments</b> go out Thursday." in banner.get_text()
    assert "An old message" not in page.text()


def test_data_as_at_is_the_date_the_last_loaded_extract_runs_to_and_when_it_loaded(
        lead_client, landlord_world, payments, fetch, db):
    assert fetch(lead_client, "/").text("#data-as-at") == (
        "No data has been loaded from the council’s benefits system yet.")
    loaded = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    db.session.add(ImportBatch(source="a", checksum="1", run_by="loader", status="loaded", finished_at=loaded,
                               counts={"data_to": "2026-03-01"}))
    db.session.add(ImportBatch(source="b", checksum="2", run_by="loader", status="refused",
                               finished_at=loaded + timedelta(days=1), counts={"errors": 1}))
    db.session.commit()
    expected = f"Data as at 01/03/2026, loaded {format_datetime(loaded)}."
    claim = payments["tenant"].reference
    for url in ("/", "/payments", f"/payments/{payments['main'].id}", "/claims", f"/claims/{claim}",
                f"/claims/{claim}/payments", f"/claims/{claim}/letters", "/letters", "/overpayments", "/properties"):
        shown = fetch(lead_client, url).select_one("#data-as-at").get_text()
        assert " ".join(shown.split()) == expected, url


def test_the_navigation_offers_what_the_user_may_do_and_marks_the_current_page(lead_client, viewer_client, payments, fetch):
    lead = fetch(lead_client, "/payments")
    links = [a.get_text(strip=True) for a in lead.select(".govuk-service-navigation__link")]
    assert links == ["Dashboard", "To-do list", "Payments", "Claims", "Properties", "Letters", "Overpayments",
                     "Report a change", "Rent changes", "Team", "API tokens", "My profile"]
    assert [a.get_text(strip=True) for a in lead.select("[aria-current=page]")] == ["Payments"]
    viewer = fetch(viewer_client, "/")
    links = [a.get_text(strip=True) for a in viewer.select(".govuk-service-navigation__link")]
    assert links == ["Dashboard", "Payments", "Claims", "Properties", "Overpayments", "My profile"]
    assert [a["href"] for a in viewer.select("[aria-current=page]")] == ["/"]


def test_a_council_user_at_the_root_goes_to_the_console(council_client):
    response = council_client.get("/")
    assert response.status_code == 303 and response.headers["Location"] == "/admin"


def test_a_signed_out_visitor_at_the_root_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code in (302, 303) and response.headers["Location"].startswith("/sign-in")


def test_a_loaded_extract_records_the_latest_day_its_data_covers_never_a_future_one(
        lead_client, landlord_world, fetch, db, tmp_path):
    from lp.imports import load_extract
    from tests.imports.extract import ExtractFiles

    today = date.today()
    extract = ExtractFiles.valid()
    extract.set("payments.csv", 0, "paid_on", (today - timedelta(days=2)).isoformat())
    extract.set("payments.csv", 1, "paid_on", (today + timedelta(days=5)).isoformat())  # not yet paid
    extract.set("letters.csv", 0, "sent_on", (today - timedelta(days=4)).isoformat())
    batch = load_extract(extract.write(tmp_path), run_by="cli:tester")
    assert batch.status == "loaded" and batch.counts["data_to"] == (today - timedelta(days=2)).isoformat()
    shown = " ".join(fetch(lead_client, "/").select_one("#data-as-at").get_text().split())
    assert shown == f"Data as at {(today - timedelta(days=2)):%d/%m/%Y}, loaded {format_datetime(batch.finished_at)}."


def test_the_one_inline_script_is_allowed_by_its_hash_and_nothing_else_inline(lead_client, landlord_world, fetch):
    import base64
    import hashlib

    page = fetch(lead_client, "/")
    inline = [script for script in page.select("script") if not script.get("src")]
    assert len(inline) == 1 and inline[0].parent.name == "body"
    digest = base64.b64encode(hashlib.sha256(inline[0].string.encode()).digest()).decode()
    policy = page.response.headers["Content-Security-Policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy and "unsafe-inline" not in policy
