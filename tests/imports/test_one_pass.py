"""One pass finds every error of every row, so an officer fixes the file once: grouped by kind of
fault with counts, printed by `flask lp import` and shown on the council's load page the same way;
control characters are refused as ordinary line errors on both databases."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from lp.imports import load_extract
from lp.imports.errors import Errors
from lp.models import Claim, ImportBatch, LandlordAccount
from tests.conftest import parse_page
from tests.imports.extract import ExtractFiles, claim, payment


def refuse(extract: ExtractFiles, tmp_path) -> ImportBatch:
    batch = load_extract(extract.write(tmp_path), run_by="cli:tester")
    assert batch.status == "refused", batch.errors
    return batch


def located(batch) -> dict[tuple[str, int, str], str]:
    return {(e["file"], e["line"], e["column"]): e["reason"] for e in batch.errors}


def test_a_row_with_a_bad_postcode_and_an_unknown_landlord_reports_both(db, tmp_path):
    extract = ExtractFiles.valid().set("claims.csv", 1, "postcode", "XX").set("claims.csv", 1, "landlord_reference", "4040")

    errors = located(refuse(extract, tmp_path))

    assert errors[("claims.csv", 3, "postcode")] == "postcode is not a valid UK postcode"
    assert errors[("claims.csv", 3, "landlord_reference")] == "landlord_reference 4040 is not in accounts.csv or already loaded"


def test_every_bad_cell_of_a_row_and_its_checks_across_columns_are_reported(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.set("claims.csv", 0, "weekly_hb", "lots").set("claims.csv", 0, "end_date", "2020-01-01")
    extract.set("claims.csv", 0, "suspended", "Y").set("claims.csv", 0, "claim_type", "Council")

    errors = located(refuse(extract, tmp_path))

    assert {key[2] for key in errors if key[:2] == ("claims.csv", 2)} == {
        "weekly_hb", "end_date", "suspension_reason", "claim_type"}


def test_a_payment_with_no_lines_is_reported_beside_its_bad_date(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["payments.csv"].append(payment("P3", "9998", "50.00", paid_on="23/11/2026"))

    errors = located(refuse(extract, tmp_path))

    assert errors[("payments.csv", 4, "paid_on")] == "paid_on must be a date written YYYY-MM-DD, like 2026-11-23"
    assert errors[("payments.csv", 4, "payment_id")] == "payment P3 has no lines in payment_lines.csv"


def test_a_line_with_bad_money_still_has_its_payment_and_claim_checked(db, tmp_path):
    extract = ExtractFiles.valid().set("payment_lines.csv", 2, "hb", "x").set("payment_lines.csv", 2, "payment_id", "P404")
    extract.set("payment_lines.csv", 2, "claim_reference", "HB404")

    errors = located(refuse(extract, tmp_path))

    assert set(k[2] for k in errors if k[:2] == ("payment_lines.csv", 4)) == {"hb", "payment_id", "claim_reference"}


@pytest.mark.parametrize(("value", "shown"), [("Ai\x00sha", "U+0000"), ("Aisha\x1f", "U+001F"), ("Ai\x85sha", "U+0085"),
                                              ("Ai\x7fsha", "U+007F"), ("\x1bAisha", "U+001B")])
def test_a_control_character_is_a_line_error_and_nothing_loads(db, tmp_path, value, shown):
    extract = ExtractFiles.valid().set("claims.csv", 2, "tenant_first_name", value)
    extract.set("claims.csv", 0, "postcode", "XX")  # and the rest of the file is still checked

    batch = refuse(extract, tmp_path)

    assert located(batch) == {
        ("claims.csv", 2, "postcode"): "postcode is not a valid UK postcode",
        ("claims.csv", 4, "tenant_first_name"):
            f"tenant_first_name holds a control character ({shown}), which cannot be loaded; remove it",
    }
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 0


def test_a_control_character_in_a_zipped_extract_is_refused_on_its_line(db, tmp_path):
    extract = ExtractFiles.valid().set("accounts.csv", 1, "address", "1 Mill Lane\x00|Anytown")

    batch = load_extract(extract.zip(tmp_path / "extract.zip"), run_by="cli:tester")

    assert batch.status == "refused"
    assert located(batch) == {("accounts.csv", 3, "address"):
                              "address holds a control character (U+0000), which cannot be loaded; remove it"}
    assert db.session.scalar(select(func.count()).select_from(LandlordAccount)) == 0


def test_tabs_and_line_breaks_inside_a_cell_are_not_control_characters(db, tmp_path):
    extract = ExtractFiles.valid().set("accounts.csv", 0, "address", "Unit 1\tThe Mill\r\nAnytown")

    batch = load_extract(extract.write(tmp_path), run_by="cli:tester")

    assert batch.status == "loaded", batch.errors


def _many_bad_postcodes(count: int) -> ExtractFiles:
    extract = ExtractFiles.valid()
    extract.rows["claims.csv"] += [claim(f"HB9{n:05d}", "9998", postcode="NOWHERE") for n in range(count)]
    extract.set("claims.csv", 0, "claim_type", "Council")
    return extract


def test_the_command_prints_each_kind_of_error_with_its_count_and_first_lines(app, db, tmp_path):
    result = app.test_cli_runner().invoke(args=["lp", "import", str(_many_bad_postcodes(1234).write(tmp_path))])

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "claims.csv: claim_type must be one of: Private, Housing Association, Supported, Temporary: 1 line"
    assert lines[1] == "  claims.csv:2:claim_type: claim_type must be one of: Private, Housing Association, Supported, Temporary"
    assert lines[2] == "claims.csv: postcode is not a valid UK postcode: 1,234 lines; first 20 shown"
    assert lines[3:23] == [f"  claims.csv:{n}:postcode: postcode is not a valid UK postcode" for n in range(5, 25)]
    assert lines[23].startswith("Import batch ") and lines[23].endswith("refused for 1,235 errors: nothing was loaded.")


def test_the_load_page_shows_each_kind_of_error_with_its_count_and_folds_the_checksums(app, db, landlord_world, sign_in):
    client = sign_in(app.test_client(), landlord_world["data_user"])
    app.config["WTF_CSRF_ENABLED"] = False
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _many_bad_postcodes(1234).files().items():
            archive.writestr(name, content)
    buffer.seek(0)
    response = client.post("/admin/imports", data={"extract": (buffer, "extract.zip")}, content_type="multipart/form-data")

    page = parse_page(client.get(response.headers["Location"]))

    assert re.search(r"it has 1,?235 errors", page.text("#outcome"))  # however the count is written
    captions = [c.get_text(" ", strip=True) for c in page.select("#errors caption")]
    assert captions == ["claims.csv: claim_type must be one of: Private, Housing Association, Supported, Temporary: 1 line",
                        "claims.csv: postcode is not a valid UK postcode: 1,234 lines; first 20 shown"]
    tables = page.select("#errors table")
    assert [len(t.select("tbody tr")) for t in tables] == [1, 20]
    first = [cell.get_text(strip=True) for cell in tables[1].select_one("tbody tr").select("td")]
    assert first == ["claims.csv", "5", "postcode", "postcode is not a valid UK postcode"]
    checksums = page.select_one("details#checksums")
    assert checksums is not None and not checksums.has_attr("open")
    assert "The 7 files and their checksums" in checksums.select_one("summary").get_text(" ", strip=True)
    assert len(checksums.select("li")) == 7


def test_a_batch_kept_before_errors_were_grouped_still_shows_its_errors(app, db, landlord_world, sign_in):
    batch = ImportBatch(source="cli", checksum="x", run_by="cli:ops", status="refused", counts={"errors": 1},
                        errors=[{"file": "claims.csv", "line": 3, "column": "postcode", "reason": "postcode is bad"}])
    db.session.add(batch)
    db.session.commit()
    client = sign_in(app.test_client(), landlord_world["data_user"])

    page = parse_page(client.get(f"/admin/imports/{batch.id}"))

    assert [td.get_text(strip=True) for td in page.select("#errors tbody td")] == ["claims.csv", "3", "postcode", "postcode is bad"]


def test_no_more_than_the_cap_is_kept_however_many_kinds_of_error():
    errors = Errors(cap=30, per_group=20)
    for column in ("a", "b"):
        for line in range(2, 40):
            errors.add("claims.csv", line, column, f"{column} is bad")

    shown, groups = errors.report()

    assert len(shown) == 30 and errors.count == 76
    assert [(g["column"], g["count"], g["shown"]) for g in groups] == [("a", 38, 20), ("b", 38, 10)]
    assert [e["column"] for e in shown] == ["a"] * 20 + ["b"] * 10
