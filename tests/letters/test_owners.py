"""Each claim's and letter's stored organisation and each payment's stored totals (lp/imports/derived.py)
stay true: a landlord sees exactly its own claims and unread letters after a load moves a claim to another
account and after the council links an account, the dashboard's count follows reads and loads, and a breakdown's totals
are its lines' sums."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lp.imports import load_extract
from tests import factories as f
from tests.conftest import parse_page
from tests.imports.extract import ExtractFiles, account, letter, line, pdf


def recent() -> str:
    """Three days ago when the test runs: a module-level date is the day pytest collected the file."""
    return (date.today() - timedelta(days=3)).isoformat()


def load(extract: ExtractFiles, folder):
    folder.mkdir()
    batch = load_extract(extract.write(folder), run_by="cli:tester")
    assert batch.status == "loaded", batch.errors
    return batch


def extract_with_letters() -> ExtractFiles:
    """The small valid extract with account 7001 (the other landlord's) and two recent letters on HB1000234
    (account 9998: the lead's organisation)."""
    extract = ExtractFiles.valid()
    extract.rows["accounts.csv"].append(account("7001"))
    extract.rows["letters.csv"].clear()
    extract.letters.clear()
    for letter_id in ("L1", "L2"):
        extract.add_letter(letter(letter_id, "HB1000234", sent_on=recent()), pdf(letter_id))
    return extract


def unread(client) -> list[str]:
    page = parse_page(client.get("/letters?unread=y"))
    return sorted(cell.get_text(" ", strip=True) for cell in page.select("#letter-results tbody td[data-label='Claim']"))


def listed_claims(client) -> list[str]:
    """The claim references on the claims list, in its default order (the stored owner's index)."""
    page = parse_page(client.get("/claims"))
    return [cell.get_text(strip=True) for cell in page.select("#claim-results tbody td[data-label='Claim']")]


def unread_count(client) -> str:
    return " ".join(parse_page(client.get("/")).text("#unread-letters").split())


def test_letters_follow_a_claim_that_a_later_load_moves_to_another_landlord(
        db, lead_client, other_client, tmp_path):
    extract = extract_with_letters()
    load(extract, tmp_path / "first")
    assert unread(lead_client) == ["HB1000234", "HB1000234"] and unread_count(lead_client) == "2 unread letters"
    assert unread(other_client) == [] and unread_count(other_client) == "0 unread letters"
    assert "HB1000234" in listed_claims(lead_client) and "HB1000234" not in listed_claims(other_client)

    extract.set("claims.csv", 0, "landlord_reference", "7001")  # the tenant's rent is now paid to 7001
    extract.rows["payment_lines.csv"] = [row for row in extract.rows["payment_lines.csv"]
                                         if row["claim_reference"] != "HB1000234"]  # paid to 9998 before
    load(extract, tmp_path / "second")
    assert unread(lead_client) == [] and unread_count(lead_client) == "0 unread letters"
    assert unread(other_client) == ["HB1000234", "HB1000234"] and unread_count(other_client) == "2 unread letters"
    assert parse_page(lead_client.get("/letters")).select("#letter-results tbody tr") == []
    assert "HB1000234" not in listed_claims(lead_client) and "HB1000234" in listed_claims(other_client)
    assert lead_client.get("/claims/HB1000234").status_code == 404


def test_an_account_linked_to_an_organisation_brings_its_letters(app, db, lead_client, council_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = False  # the console's own tests cover its CSRF
    unlinked = f.make_account(None, reference="5001")
    f.make_letter(f.make_claim(unlinked, reference="HB5001"))
    db.session.commit()
    assert unread(lead_client) == [] and unread_count(lead_client) == "0 unread letters"
    assert "HB5001" not in listed_claims(lead_client)

    org = landlord_world["landlord"]
    assert council_client.post(f"/admin/landlords/{org.id}/accounts", data={"reference": "5001"}).status_code == 303
    assert unread(lead_client) == ["HB5001"] and unread_count(lead_client) == "1 unread letter"
    assert "HB5001" in listed_claims(lead_client)


def test_the_dashboards_count_follows_a_letter_read_and_a_new_load(db, lead_client, tmp_path):
    extract = extract_with_letters()
    load(extract, tmp_path / "first")
    assert unread_count(lead_client) == "2 unread letters"

    first = parse_page(lead_client.get("/letters?unread=y")).select_one("#letter-results tbody a[href^='/letters/']")
    assert lead_client.get(first["href"]).status_code == 200  # opening the PDF reads it
    assert unread_count(lead_client) == "1 unread letter"
    assert len(unread(lead_client)) == 1

    extract.add_letter(letter("L3", "HB1000235", sent_on=recent()), pdf("L3"))
    load(extract, tmp_path / "second")
    assert unread_count(lead_client) == "2 unread letters"
    assert unread(lead_client) == ["HB1000234", "HB1000235"]


def breakdown_totals(client, payment_id) -> dict[str, str]:
    page = parse_page(client.get(f"/payments/{payment_id}"))
    cells = page.select(".lp-breakdown__totals td[data-label]")
    return {cell["data-label"]: cell.get_text(strip=True) for cell in cells}


@pytest.mark.parametrize("corrected", [False, True])
def test_a_breakdowns_totals_are_the_sums_of_its_lines_after_each_load(db, lead_client, tmp_path, corrected):
    from sqlalchemy import select

    from lp.models import Payment

    extract = extract_with_letters()
    load(extract, tmp_path / "first")
    if corrected:  # a later extract corrects a line and adds one: the totals follow
        extract.rows["payment_lines.csv"][1] = line("P1", 2, "HB1000235", hb="3800.00", amount="3800.00")
        extract.rows["payment_lines.csv"].append(line("P1", 3, "HB1000234", hb="1.00", dhp="2.00", amount="3.00"))
        extract.set("payments.csv", 0, "amount", "4225.60")
        load(extract, tmp_path / "second")
    payment_id = db.session.scalar(select(Payment.id).where(Payment.reference == "P1"))
    totals = breakdown_totals(lead_client, payment_id)
    if corrected:
        assert totals == {"HB": "£4,195.00", "DHP": "£42.00", "Adjustment": "−£11.40", "Amount": "£4,225.60"}
    else:
        assert totals == {"HB": "£4,283.84", "DHP": "£40.00", "Adjustment": "−£11.40", "Amount": "£4,312.44"}
    caption = parse_page(lead_client.get(f"/payments/{payment_id}")).text("caption")
    assert caption.endswith("3 tenants" if corrected else "2 tenants")
