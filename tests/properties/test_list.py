"""The properties list: kept from the claims by the importer's refresh, searched, sorted, paged,
downloaded and printed; never another landlord's, never past the horizon."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp.models import AuditEvent, Property
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture
def homes(db, landlord_world):
    w = landlord_world
    brown = f.make_claim(w["account"], first_name="Aisha", surname="Brown", reference="HB8001", postcode="AN1 2BC",
                         property_reference="PR-100", address="1 Acacia Avenue|Anytown", weekly_hb_pence=10000)
    f.make_claim(w["account"], first_name="Ben", surname="Brown", reference="HB8002", postcode="AN1 2BC",
                 property_reference="PR-100", address="1 Acacia Avenue|Anytown", weekly_hb_pence=2550)
    f.make_claim(w["account"], first_name="Old", surname="Gone", reference="HB8003", postcode="AN1 2BC",
                 property_reference="PR-100", address="1 Acacia Avenue|Anytown", status="Ended",
                 end_date=date.today() - timedelta(days=30))
    price = f.make_claim(w["second_account"], first_name="Omar", surname="Price", reference="HB8004",
                         postcode="ZZ9 9ZZ", property_reference="PR-200", address="7 Mill Lane|Othertown",
                         weekly_hb_pence=5000, suspended=True)
    f.make_claim(w["account"], surname="Ancient", reference="HB8005", property_reference="PR-300",
                 address="3 Old Road|Anytown", status="Ended", end_date=date.today() - timedelta(days=3 * 365))
    stranger = f.make_claim(w["other_account"], first_name="Nina", surname="Stranger", reference="HB8009",
                            property_reference="PR-100", address="9 Foreign Street|Elsewhere")
    made = {"acacia": f.make_property(brown), "mill": f.make_property(price), "foreign": f.make_property(stranger)}
    db.session.commit()
    return made


def addresses(page) -> list[str]:
    return [" ".join(row.select_one("td").get_text().split()) for row in page.select("#properties tbody tr")]


def test_the_importer_keeps_one_row_per_property_with_its_tenants_now_status_and_weekly_hb(homes):
    acacia = homes["acacia"]
    assert acacia.reference == "PR-100" and acacia.postcode == "AN1 2BC"
    assert sorted(acacia.tenants.split("; ")) == ["Aisha Brown", "Ben Brown"]  # not the ended claim's tenant
    assert (acacia.status, acacia.weekly_hb_pence, acacia.current_claims) == ("Active", 12550, 2)
    assert (homes["mill"].status, homes["mill"].weekly_hb_pence) == ("Suspended", 5000)


def test_the_list_shows_the_landlords_properties_and_never_another_landlords_or_past_the_horizon(lead_client, homes):
    page = parse_page(lead_client.get("/properties"))
    assert addresses(page) == ["1 Acacia Avenue, Anytown, AN1 2BC", "7 Mill Lane, Othertown, ZZ9 9ZZ"]
    table = page.text("#properties")
    assert "PR-100" in table and "£125.50" in table and "Suspended" in table
    assert "Foreign" not in table and "Stranger" not in table and "Old Road" not in table
    assert page.select_one("#data-as-at") is not None


@pytest.mark.parametrize("query, expected", [
    ("q=acacia", ["1 Acacia"]),
    ("q=mill+lane", ["7 Mill"]),
    ("q=zz9", ["7 Mill"]),
    ("q=PR-200", ["7 Mill"]),
    ("q=pr-200", ["7 Mill"]),
    ("q=price", ["7 Mill"]),
    ("q=aisha+brown", ["1 Acacia"]),
    ("q=gone", ["1 Acacia"]),  # a tenant whose claim ended since the horizon is still found
    ("q=stranger", []),
    ("status=Suspended", ["7 Mill"]),
    ("sort=hb&dir=desc", ["1 Acacia", "7 Mill"]),
    ("sort=hb&dir=asc", ["7 Mill", "1 Acacia"]),
    ("sort=tenant&dir=desc", ["7 Mill", "1 Acacia"]),
])
def test_search_and_sort(lead_client, homes, query, expected):
    page = parse_page(lead_client.get(f"/properties?{query}"))
    shown = addresses(page)
    assert len(shown) == len(expected) and [a[: len(e)] for a, e in zip(shown, expected, strict=True)] == expected
    if not expected:
        assert "No properties match Address, postcode, property reference or tenant ‘stranger’" in page.text()


def test_the_landlords_own_reference_finds_the_property(lead_client, homes, db):
    homes["mill"].own_reference = "BLK-7"
    db.session.commit()
    page = parse_page(lead_client.get("/properties?q=BLK-7"))
    assert addresses(page) == ["7 Mill Lane, Othertown, ZZ9 9ZZ"] and "Yours: BLK-7" in page.text("#properties")


def test_an_unknown_status_is_an_error_next_to_the_field_and_in_the_summary(lead_client, homes):
    page = parse_page(lead_client.get("/properties?status=Sold"))
    assert "Select a claim status" in page.text(".govuk-error-summary")
    assert "Select a claim status" in page.text("#more-filters")
    assert addresses(page) == []


def test_htmx_narrowing_gets_only_the_results_block(lead_client, homes):
    response = lead_client.get("/properties?q=mill", headers={"HX-Request": "true", "HX-Target": "property-results"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="property-results"') and "<html" not in html
    assert "7 Mill Lane" in html and "Acacia" not in html and "HX-Request" in response.headers["Vary"]


def test_paging_keeps_the_search(lead_client, db, landlord_world):
    for number in range(30):
        f.make_claim(landlord_world["account"], reference=f"HB9{number:03d}", property_reference=f"PQ-{number:03d}",
                     address=f"{number + 1:03d} Long Street|Anytown")
    f.make_property()
    db.session.commit()
    page = parse_page(lead_client.get("/properties?q=long"))
    assert "Showing 1 to 25 of 30 properties" in page.text()
    assert page.select_one("#page-next")["href"] == "/properties?q=long&page=2"
    second = parse_page(lead_client.get("/properties?q=long&page=2"))
    assert addresses(second)[0].startswith("026 Long Street") and len(addresses(second)) == 5


def test_the_csv_has_the_searched_properties_and_is_audited_without_the_search_words(lead_client, homes, db):
    page = parse_page(lead_client.get("/properties?q=acacia"))
    download = page.select_one("a[download]")
    assert download["href"] == "/properties.csv?q=acacia" and download.get_text(strip=True) == "Download 1 property (CSV)"
    assert page.select_one("a[data-lp-print]")["href"] == "/properties?q=acacia&print=1"
    response = lead_client.get(download["href"])
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Property reference", "Your reference", "Landlord reference", "Address"]
    assert len(rows) == 2 and rows[1][0] == "PR-100" and rows[1][3] == "1 Acacia Avenue, Anytown"
    assert rows[1][7] == "125.50" and rows[1][6] == "Active"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "properties.exported")).one()
    assert event.object_type == "properties" and "acacia" not in event.detail


def test_a_reload_keeps_the_landlords_own_reference_and_notes_and_follows_the_claims(db, homes, landlord_world):
    from lp.imports.properties import refresh_properties

    acacia = homes["acacia"]
    acacia.own_reference, acacia.notes = "MINE-1", "Boiler serviced in May"
    f.make_claim(landlord_world["account"], first_name="Cara", surname="New", property_reference="PR-100",
                 address="1 Acacia Avenue|Anytown", weekly_hb_pence=1000)
    db.session.flush()
    refresh_properties(db.session.connection())
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Property, acacia.id)
    assert (again.own_reference, again.notes) == ("MINE-1", "Boiler serviced in May")
    assert again.weekly_hb_pence == 13550 and "Cara New" in again.tenants


def test_a_viewer_without_view_claims_has_no_properties(app, landlord_world, sign_in, homes):
    user = f.make_user(landlord_world["landlord"], username="payments-only", permissions=("view_payments",))
    from lp.extensions import db as _db

    _db.session.commit()
    client = sign_in(app.test_client(), user)
    assert client.get("/properties").status_code == 403
    assert "/properties" not in client.get("/").get_data(as_text=True)
