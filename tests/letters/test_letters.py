"""Letters: the list across claims (unread first), a claim's letters tab, opening a PDF, the CSV."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lp.models import AuditEvent, LetterRead
from tests import factories as f
from tests.conftest import parse_page

HTMX = {"HX-Request": "true", "HX-Target": "letter-results"}


def uk(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@pytest.fixture
def letters(db, landlord_world, today):
    w = landlord_world
    khan = f.make_claim(w["account"], reference="HB1", first_name="Aisha", surname="Khan", address="Flat 3|Mill Lane")
    jones = f.make_claim(w["second_account"], reference="HB2", first_name="Ben", surname="Jones")
    foreign = f.make_claim(w["other_account"], reference="HB9", surname="Stranger")
    made = {
        "old_read": f.make_letter(khan, reference="L1", letter_type="Award", sent_on=today - timedelta(days=2)),
        "unread": f.make_letter(khan, reference="L2", letter_type="Change in entitlement",
                                sent_on=today - timedelta(days=20)),
        "other_claim": f.make_letter(jones, reference="L3", letter_type="Suspension", sent_on=today - timedelta(days=5)),
        "too_old": f.make_letter(khan, reference="L4", sent_on=today - timedelta(days=800)),
        "foreign": f.make_letter(foreign, reference="L9"),
    }
    db.session.add(LetterRead(letter_id=made["old_read"].id, user_id=w["lead"].id))
    db.session.commit()
    return made


def rows(page, scope="#letter-results"):
    return [
        {td["data-label"]: td.get_text(" ", strip=True) for td in tr.select("td")}
        for tr in page.select(f"{scope} tbody tr")
    ]


def types(page, scope="#letter-results") -> list[str]:
    return [row["Letter"].removesuffix(" Unread") for row in rows(page, scope)]


def test_letters_lists_every_claims_letters_unread_first_then_newest(lead_client, letters, today):
    page = parse_page(lead_client.get("/letters"))
    assert types(page) == ["Suspension", "Change in entitlement", "Award"]
    first = rows(page)[0]
    assert first["Claim"] == "HB2" and first["Tenant"] == "Ben Jones" and first["Letter"] == "Suspension Unread"
    assert first["Date sent"] == uk(today - timedelta(days=5))
    assert rows(page)[2]["Letter"] == "Award"  # read: no tag
    assert rows(page)[1]["Claim address"].startswith("Flat 3")
    view = page.select_one("#letter-results tbody tr a[href^='/letters/']")
    assert view.get_text(" ", strip=True).startswith("View")


def test_another_landlords_letters_and_old_letters_never_appear(lead_client, letters):
    html = lead_client.get("/letters").get_data(as_text=True)
    assert "HB9" not in html and "Stranger" not in html and f"/letters/{letters['too_old'].id}\"" not in html
    csv = lead_client.get("/letters.csv").get_data(as_text=True)
    assert "L9" not in csv and "L4" not in csv and "L1" in csv


def test_unread_only_as_the_dashboard_links_it(lead_client, letters):
    page = parse_page(lead_client.get("/letters?unread=1"))
    assert types(page) == ["Suspension", "Change in entitlement"]
    assert page.select_one("#unread")["checked"] is not None


def test_unread_since_a_date(lead_client, letters, today):
    page = parse_page(lead_client.get(f"/letters?unread=1&from={uk(today - timedelta(days=10))}"))
    assert types(page) == ["Suspension"]


def test_filter_by_type_and_sent_dates(lead_client, letters, today):
    assert types(parse_page(lead_client.get("/letters?type=Award"))) == ["Award"]
    page = parse_page(lead_client.get(f"/letters?to={uk(today - timedelta(days=10))}"))
    assert types(page) == ["Change in entitlement"]
    options = [o["value"] for o in parse_page(lead_client.get("/letters")).select("#type option")]
    assert options == ["", "Award", "Change in entitlement", "Suspension"]  # only the landlord's own, in reach


def test_a_from_date_before_the_horizon_gives_the_message(lead_client, letters):
    page = parse_page(lead_client.get("/letters?from=01/01/2001"))
    assert "Date from must be on or after" in page.text(".govuk-error-summary")
    assert rows(page) == []


def test_no_letters_match_says_what_was_filtered(lead_client, letters):
    page = parse_page(lead_client.get("/letters?type=Award&unread=1"))
    assert "No letters match Letter type ‘Award’, only unread letters" in page.text("#letter-results")


def test_htmx_gets_only_the_results(lead_client, letters):
    response = lead_client.get("/letters?unread=1", headers=HTMX)
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="letter-results"') and "<footer" not in html and "HB9" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_opening_a_letter_serves_the_pdf_inline_and_records_it_once(db, lead_client, landlord_world, letters):
    letter = letters["unread"]
    response = lead_client.get(f"/letters/{letter.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="letter-L2.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_data().startswith(b"%PDF")
    lead_client.get(f"/letters/{letter.id}")
    reads = db.session.query(LetterRead).filter_by(letter_id=letter.id).all()
    assert [r.user_id for r in reads] == [landlord_world["lead"].id]
    events = db.session.query(AuditEvent).filter_by(action="letter.opened").all()
    assert len(events) == 2 and events[0].object_ref == "L2" and "Khan" not in (events[0].detail or "")
    page = parse_page(lead_client.get("/letters"))
    assert types(page)[0] == "Suspension" and "Unread" not in rows(page)[2]["Letter"]


def test_reading_is_per_user(db, lead_client, app, landlord_world, sign_in, letters):
    lead_client.get(f"/letters/{letters['other_claim'].id}")
    other_user = f.make_user(landlord_world["landlord"], permissions=("view_letters",))
    db.session.commit()
    client = sign_in(app.test_client(), other_user)
    assert "Suspension" in types(parse_page(client.get("/letters?unread=1")))


@pytest.mark.parametrize("which", ["foreign", "too_old"])
def test_another_landlords_or_an_old_letter_is_not_found(db, lead_client, letters, which):
    assert lead_client.get(f"/letters/{letters[which].id}").status_code == 404
    assert db.session.query(LetterRead).filter_by(letter_id=letters[which].id).count() == 0


def test_claim_letters_tab_shows_only_that_claims_letters(lead_client, letters):
    page = parse_page(lead_client.get("/claims/HB1/letters"))
    assert types(page, "#claim-tab") == ["Change in entitlement", "Award"]
    assert "Claim" not in [th.get_text(strip=True) for th in page.select("#claim-tab th")]
    assert lead_client.get("/claims/HB9/letters").status_code == 404


def test_letters_csv_is_audited_and_formula_safe(db, lead_client, landlord_world, today):
    claim = f.make_claim(landlord_world["account"], reference="HB5", first_name="=cmd", surname="Smith")
    f.make_letter(claim, reference="L5", letter_type="+Award", sent_on=today - timedelta(days=1))
    db.session.commit()
    response = lead_client.get("/letters.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="letters.csv"'
    header, row = response.get_data(as_text=True).splitlines()
    assert header == "\ufeffLetter id,Letter type,Date sent,Claim reference,Tenant name,Claim address,Read"
    assert row.startswith(f"L5,'+Award,{(today - timedelta(days=1)).isoformat()},HB5,'=cmd Smith,")
    assert row.endswith(",N")
    event = db.session.query(AuditEvent).filter_by(action="letters.exported").one()
    assert event.object_type == "letters" and "Smith" not in event.detail


def test_the_pdf_may_show_in_the_browsers_viewer_but_never_in_a_frame(lead_client, letters):
    csp = lead_client.get(f"/letters/{letters['unread'].id}").headers["Content-Security-Policy"]
    assert "object-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp


def test_signed_out_visitors_get_no_letter(client, letters):
    response = client.get(f"/letters/{letters['unread'].id}")
    assert response.status_code == 303 and response.headers["Location"].startswith("/sign-in")


def test_the_list_offers_csv_and_print_and_an_empty_list_no_download(lead_client, letters, today):
    page = parse_page(lead_client.get("/letters?unread=1"))
    assert page.select_one("#letter-results a[download]")["href"] == "/letters.csv?unread=1"
    printed = page.select_one("#letter-results a[data-lp-print]")
    assert printed.get_text(strip=True) == "Print this page" and printed["href"] == "/letters?unread=1&print=1"
    empty = parse_page(lead_client.get(f"/letters?from={uk(today + timedelta(days=1))}"))
    assert "No letters match" in empty.text("#letter-results")
    assert not empty.select("#letter-results a[download], #letter-results [data-lp-print]")
