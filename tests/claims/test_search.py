"""The claims search (/claims): filters, sorting, paging, scoping, the horizon, htmx and no-JS."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from tests.conftest import parse_page

HTMX = {"HX-Request": "true", "HX-Target": "claim-results"}


def references(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("#claim-results tbody td[data-label='Claim'] a")]


def search(client, query: str = "", **kwargs):
    return parse_page(client.get(f"/claims{query}", **kwargs))


@pytest.fixture
def claims(db, landlord_world):
    w = landlord_world
    made = {
        "smith": f.make_claim(w["account"], reference="HB1", first_name="Aisha", surname="Smith", postcode="AN3 4DE"),
        "smithers": f.make_claim(w["second_account"], reference="HB2", first_name="Ben", surname="Smithers",
                                 postcode="AN9 1ZZ", rent_reference="NHA/00231"),
        "khan": f.make_claim(w["account"], reference="HB3", first_name="Carl", surname="Khan", postcode="AN34 1AB",
                             status="Suspended", suspended=True, suspension_reason="Awaiting evidence of rent",
                             claim_type="Housing Association"),
        "ended": f.make_claim(w["account"], reference="HB4", surname="Jones", status="Ended",
                              end_date=date.today() - timedelta(days=30)),
        "foreign": f.make_claim(w["other_account"], reference="HB9", first_name="Aisha", surname="Smith",
                                rent_reference="NHA/00231"),
    }
    db.session.commit()
    return made


def test_claims_of_every_status_are_listed_by_default_sorted_by_surname(lead_client, claims):
    page = search(lead_client)
    assert references(page) == ["HB4", "HB3", "HB1", "HB2"]  # Jones (ended) and Khan (suspended) too
    assert page.select_one("#status option[selected]").get_text(strip=True) == "All"
    assert page.text("#claim-results [role=status]") == (
        "Showing 1 to 4 of 4 claims of every HB status: active, suspended and ended")
    row = page.select("#claim-results tbody tr")[2]
    assert "Smith, Aisha" in row.get_text(" ")
    assert row.select_one("td[data-label='Address'] details summary").get_text(strip=True).endswith("AN3 4DE")


def test_another_landlords_claims_never_appear(lead_client, claims):
    page = search(lead_client, "?surname=smith&status=any")
    assert "HB9" not in references(page)
    csv = lead_client.get("/claims.csv?surname=smith&status=any").get_data(as_text=True)
    assert "HB1" in csv and "HB9" not in csv


@pytest.mark.parametrize("query, expected", [
    ("?surname=SMI", ["HB1", "HB2"]),
    ("?surname=smithe", ["HB2"]),
    ("?surname=mith", []),  # names match from their start
    ("?first_name=aIs", ["HB1"]),
    ("?postcode=an34de", ["HB4", "HB1"]),
    ("?postcode=AN3%204", ["HB4", "HB3", "HB1"]),
    ("?postcode=an3", ["HB4", "HB3", "HB1"]),
    ("?reference=HB2", ["HB2"]),
    ("?rent=NHA/00231", ["HB2"]),
    ("?rent=9999|NHA/00231", ["HB2"]),
    ("?rent=9998|NHA/00231", []),
    ("?rent=7001|NHA/00231", []),
    ("?status=Active", ["HB1", "HB2"]),
    ("?status=Suspended", ["HB3"]),
    ("?status=Ended", ["HB4"]),
    ("?status=any", ["HB4", "HB3", "HB1", "HB2"]),
    ("?status=any&suspended=1", ["HB3"]),
    ("?suspended=1", ["HB3"]),
    ("?status=Active&suspended=1", ["HB3"]),  # the old default with the tick: the suspended claims
    ("?reference=HB4", ["HB4"]),  # an ended claim is found by its reference
    ("?q=HB4", ["HB4"]),
    ("?q=hb3", ["HB3"]),
    ("?q=NHA/00231", ["HB2"]),
    ("?q=smi", ["HB1", "HB2"]),
    ("?q=Aisha+Smith", ["HB1"]),
    ("?q=Smithers,+B", ["HB2"]),
    ("?q=an34+1", ["HB3"]),
    ("?q=AN3+4DE", ["HB4", "HB1"]),
    ("?q=Zed", []),
    ("?status=any&type=Housing+Association", ["HB3"]),
])
def test_each_search_filter(lead_client, claims, query, expected):
    assert references(search(lead_client, query)) == expected


def test_unread_since_finds_claims_with_letters_this_user_has_not_opened(db, app, lead_client, viewer_client,
                                                                        landlord_world, claims):
    from lp.models import LetterRead

    recent = f.make_letter(claims["smith"], sent_on=date.today() - timedelta(days=3))
    f.make_letter(claims["smithers"], sent_on=date.today() - timedelta(days=60))
    db.session.add(LetterRead(letter_id=recent.id, user_id=landlord_world["viewer"].id))
    db.session.commit()
    since = (date.today() - timedelta(days=10)).strftime("%d/%m/%Y")
    assert references(search(lead_client, f"?unread_since={since}")) == ["HB1"]
    assert references(search(viewer_client, f"?unread_since={since}")) == []  # the viewer has read it


def test_an_unread_since_date_before_the_horizon_names_the_earliest_date(app, lead_client, claims):
    from lp.formats import format_date
    from lp.horizon import horizon_date

    with app.app_context():
        earliest = format_date(horizon_date())
    page = search(lead_client, "?unread_since=01/01/2000")
    message = f"Unread letters sent since must be on or after {earliest}"
    assert message in page.text(".govuk-error-summary")
    assert message in page.text("#claim-results")
    assert references(page) == []
    assert page.select_one("#unread_since")["value"] == "01/01/2000"  # the input is kept


def test_nonsense_date_is_explained(lead_client, claims):
    page = search(lead_client, "?unread_since=31/02/2026")
    assert "Unread letters sent since must be a real date" in page.text(".govuk-error-summary")


def test_no_claims_match_says_what_was_searched(lead_client, claims):
    page = search(lead_client, "?surname=Zzz&postcode=AN1")
    assert page.text("#claim-results > h2") == "No claims match"
    text = page.text("#claim-results")
    assert "Last name starts with ‘Zzz’" in text and "Postcode starts with ‘AN1’" in text
    assert "No claims match Last name starts with ‘Zzz’, Postcode starts with ‘AN1’." in text
    assert "HB status ‘" not in text  # every status was searched: not a filter to name
    other = search(lead_client, "?surname=Jones&status=Active")
    assert "No claims match HB status ‘Active’, Last name starts with ‘Jones’" in other.text("#claim-results")
    assert "Searched claims with HB status Active only" in other.text("#claim-results")
    assert other.select_one("a#every-status")["href"] == "/claims?surname=Jones&status=any"
    suspended = search(lead_client, "?suspended=1")
    assert suspended.text("#claim-results [role=status]") == (
        "Showing 1 to 1 of 1 claim whose payments are suspended, of every HB status")


def test_sorting_by_a_column_either_way_keeps_the_filters(lead_client, claims):
    page = search(lead_client, "?status=any&sort=reference&dir=desc")
    assert references(page) == ["HB4", "HB3", "HB2", "HB1"]
    heading = page.select_one("th[aria-sort='descending'] a")
    assert heading.get_text(strip=True) == "Claim" and "dir=asc" in heading["href"]
    assert "status=any" in heading["href"]
    assert references(search(lead_client, "?status=any&sort=reference")) == ["HB1", "HB2", "HB3", "HB4"]


def test_unknown_sort_falls_back_to_surname(lead_client, claims):
    assert references(search(lead_client, "?sort=password&dir=sideways")) == ["HB4", "HB3", "HB1", "HB2"]


def test_25_claims_a_page_and_paging_links_keep_the_filters(db, lead_client, landlord_world):
    for number in range(30):
        f.make_claim(landlord_world["account"], reference=f"HB{number:03d}", surname="Patel")
    db.session.commit()
    first = search(lead_client, "?surname=pat&sort=reference")
    assert len(references(first)) == 25 and references(first)[0] == "HB000"
    assert "Showing 1 to 25 of 30 claims" in first.text("#claim-results")
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "surname=pat" in next_link and "sort=reference" in next_link and "page=2" in next_link
    second = search(lead_client, next_link.removeprefix("/claims"))
    assert references(second) == [f"HB{n:03d}" for n in range(25, 30)]


def test_page_past_the_end_shows_the_last_page(db, lead_client, claims):
    assert references(search(lead_client, "?page=99")) == ["HB4", "HB3", "HB1", "HB2"]


def test_without_javascript_the_search_is_a_plain_get_form_with_live_search_for_htmx(lead_client, claims):
    page = search(lead_client)
    form = page.select_one("form[role='search']")
    assert form["method"] == "get" and form["action"] == "/claims"
    assert form["data-hx-get"] == "/claims" and form["data-hx-target"] == "#claim-results"
    assert form["data-hx-trigger"] == "input changed delay:300ms, search" and form["data-hx-push-url"] == "true"
    assert "lp-no-print" in form["class"]
    surname = form.select_one("input#surname")
    assert surname["name"] == "surname" and surname["autocomplete"] == "off"
    assert page.select_one("footer")


def test_htmx_gets_only_the_results_block(lead_client, claims):
    response = lead_client.get("/claims?surname=smithe", headers=HTMX)
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="claim-results"') and "<footer" not in html and "<form" not in html
    assert "HB2" in html and "HB9" not in html
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store"


def test_results_are_a_stacking_table_with_labelled_cells(lead_client, claims):
    page = search(lead_client)
    table = page.select_one("#claim-results table")
    assert "lp-table--stack" in table["class"]
    assert all(cell.get("data-label") for cell in table.select("tbody td"))


def test_printed_heading_names_council_accounts_and_filters(app, lead_client, claims):
    page = search(lead_client, "?type=Private")
    heading = page.text("#claim-results .lp-print-only")
    assert app.config["LP_COUNCIL_NAME"] in heading
    assert "9998, 9999" in heading and "Claim type ‘Private’" in heading


def test_claims_ended_before_the_horizon_never_show(db, lead_client, landlord_world):
    f.make_claim(landlord_world["account"], reference="HBOLD", status="Ended",
                 end_date=date.today() - timedelta(days=800))
    db.session.commit()
    assert "HBOLD" not in references(search(lead_client, "?status=any"))
    assert lead_client.get("/claims/HBOLD").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, landlord_world):
    response = client.get("/claims")
    assert response.status_code == 303 and response.headers["Location"].startswith("/sign-in")
    htmx = client.get("/claims", headers=HTMX)
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/sign-in")


def test_unread_since_finds_suspended_and_ended_claims_too(db, lead_client, claims):
    f.make_letter(claims["khan"], sent_on=date.today() - timedelta(days=3))
    f.make_letter(claims["ended"], sent_on=date.today() - timedelta(days=2))
    db.session.commit()
    since = (date.today() - timedelta(days=10)).strftime("%d/%m/%Y")
    assert references(search(lead_client, f"?unread_since={since}")) == ["HB4", "HB3"]


def test_one_search_box_comes_first_and_the_other_filters_fold_away_until_one_is_set(lead_client, claims):
    page = search(lead_client)
    form = page.select_one("form[role='search']")
    first = form.select_one("input")
    assert first["name"] == "q" and form.select_one(f"label[for='{first['id']}']").get_text(strip=True) == (
        "Name, claim or rent reference, or postcode")
    more = form.select_one("details#more-filters")
    assert more.select_one("summary").get_text(strip=True) == "More filters" and not more.has_attr("open")
    assert {field["name"] for field in more.select("input, select")} == {
        "surname", "first_name", "postcode", "reference", "rent", "status", "type", "suspended", "unread_since"}
    assert search(lead_client, "?suspended=1").select_one("details#more-filters").has_attr("open")
    searched = search(lead_client, "?q=smi")
    assert not searched.select_one("details#more-filters").has_attr("open")
    assert searched.select_one("input[name='q']")["value"] == "smi"


def test_the_one_box_is_audited_without_what_was_typed(db, lead_client, claims):
    from sqlalchemy import select

    from lp.models import AuditEvent

    lead_client.get("/claims.csv?q=Smith").get_data()
    detail = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "claims.exported")).one()
    assert "text" in detail and "Smith" not in detail


def test_a_list_has_csv_and_print_links_and_an_empty_one_no_download(lead_client, claims):
    page = search(lead_client, "?surname=smi")
    links = {a.get_text(strip=True): a for a in page.select("#claim-results .lp-no-print a")}
    download = page.select_one("#claim-results a[download]")
    assert download["href"] == "/claims.csv?surname=smi" and download.get_text(strip=True).endswith("2 claims (CSV)")
    assert links["Print this page"].has_attr("data-lp-print") and "print=1" in links["Print this page"]["href"]
    empty = search(lead_client, "?surname=zzz")
    assert not empty.select("#claim-results a[download]") and not empty.select("#claim-results [data-lp-print]")
