"""Refusing a bad extract: every error as file, line, column and reason, and nothing loaded."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lp.imports import load_extract
from lp.models import AuditEvent, Claim, LandlordAccount, Payment, PaymentLine
from tests.imports.extract import ExtractFiles, line

BAD_CELLS = [
    # (file, row, column, value, a words of the reason)
    ("accounts.csv", 0, "sort_code", "2000", "sort code of six digits"),
    ("accounts.csv", 1, "postcode", "NOT A POSTCODE", "not a valid UK postcode"),
    ("accounts.csv", 0, "landlord_reference", "99/98", "only letters, digits and -"),
    ("accounts.csv", 0, "account_last4", "12345678", "longer than 4"),
    ("accounts.csv", 0, "payment_method", "Cash", "one of: BACS, Cheque"),
    ("claims.csv", 0, "weekly_hb", "98.5", "pounds and pence"),
    ("claims.csv", 0, "weekly_dhp", "£10.00", "pounds and pence"),
    ("claims.csv", 0, "overpayment_outstanding", "-1.00", "must not be negative"),
    ("claims.csv", 1, "start_date", "2023-02-30", "not a real date"),
    ("claims.csv", 1, "next_payment_date", "07/12/2026", "YYYY-MM-DD"),
    ("claims.csv", 0, "suspended", "Yes", "Y or N"),
    ("claims.csv", 0, "suspension_reason", "x" * 201, "longer than 200"),
    ("claims.csv", 1, "tenant_first_name", "  ", "a value is required"),
    ("claims.csv", 2, "suspension_reason", "", "required when suspended is Y"),
    ("claims.csv", 0, "end_date", "2020-01-01", "on or after start_date"),
    ("claims.csv", 0, "landlord_reference", "4040", "not in accounts.csv or already loaded"),
    ("claims.csv", 1, "claim_reference", "HB1000234", "also appears on line 2"),
    ("payments.csv", 0, "status", "Bounced", "one of: Paid, Returned, Cancelled"),
    ("payment_lines.csv", 0, "line_number", "0", "whole number, 1 or more"),
    ("payment_lines.csv", 1, "line_number", "1", "appears more than once"),
    ("payment_lines.csv", 0, "period_to", "2026-10-01", "on or after period_from"),
    ("payment_lines.csv", 2, "claim_reference", "HB1000234", "not to payment P2's 9999"),
    ("payment_lines.csv", 2, "claim_reference", "HB404", "not in claims.csv or already loaded"),
    ("payment_lines.csv", 2, "payment_id", "P404", "not in payments.csv or already loaded"),
    ("entitlements.csv", 0, "frequency", "Monthly", "Weekly, Four-weekly"),
    ("letters.csv", 0, "file", "letters/missing.pdf", "not a file under letters/"),
    ("letters.csv", 0, "file", "../accounts.csv", "not a file under letters/"),
]


def nothing_loaded(db) -> bool:
    return all(db.session.scalar(select(func.count()).select_from(model)) == 0
               for model in (LandlordAccount, Claim, Payment, PaymentLine))


def refuse(extract: ExtractFiles, tmp_path):
    folder = tmp_path / "x"
    folder.mkdir(exist_ok=True)
    batch = load_extract(extract.write(folder), run_by="cli:tester")
    assert batch.status == "refused"
    return batch


@pytest.mark.parametrize(("file", "row", "column", "value", "reason"), BAD_CELLS,
                         ids=[f"{c[0]}-{c[2]}-{c[4]}" for c in BAD_CELLS])
def test_a_bad_cell_is_reported_where_it_is_and_nothing_loads(db, tmp_path, file, row, column, value, reason):
    batch = refuse(ExtractFiles.valid().set(file, row, column, value), tmp_path)

    located = [e for e in batch.errors if (e["file"], e["line"], e["column"]) == (file, row + 2, column)]
    assert located, batch.errors
    assert reason in located[0]["reason"]
    assert nothing_loaded(db)


def test_every_error_is_reported_not_only_the_first(db, tmp_path):
    extract = ExtractFiles.valid().set("accounts.csv", 0, "sort_code", "x").set("claims.csv", 2, "weekly_hb", "y")

    batch = refuse(extract, tmp_path)

    assert [(e["file"], e["line"], e["column"]) for e in batch.errors] == [
        ("accounts.csv", 2, "sort_code"), ("claims.csv", 4, "weekly_hb")]
    assert batch.counts["errors"] == 2


def test_a_line_that_does_not_add_up_is_refused(db, tmp_path):
    batch = refuse(ExtractFiles.valid().set("payment_lines.csv", 0, "amount", "422.61"), tmp_path)

    reasons = {(e["file"], e["line"], e["column"]): e["reason"] for e in batch.errors}
    assert reasons[("payment_lines.csv", 2, "amount")] == "amount must equal hb + dhp + adjustment"


def test_a_payment_whose_lines_do_not_add_up_to_it_is_refused(db, tmp_path):
    batch = refuse(ExtractFiles.valid().set("payments.csv", 0, "amount", "4312.45"), tmp_path)

    assert batch.errors == [{"file": "payments.csv", "line": 2, "column": "amount",
                             "reason": "payment P1 is 4312.45 but its lines add up to 4312.44"}]


def test_lines_already_loaded_that_then_do_not_add_up_are_refused(db, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    load_extract(ExtractFiles.valid().write(first), run_by="cli:tester")
    later = ExtractFiles()
    later.rows["payment_lines.csv"] = [line("P2", 2, "HB1000300", hb="1.00", amount="1.00")]

    batch = refuse(later, tmp_path)

    assert batch.errors[0]["file"] == "payment_lines.csv"
    assert batch.errors[0]["reason"] == "payment P2 is 98.50 but its lines add up to 99.50"


def test_a_missing_or_unexpected_column_is_reported_on_line_1(db, tmp_path):
    folder = ExtractFiles.valid().write(tmp_path)
    text = (folder / "claims.csv").read_text().replace(",property_reference,", ",colour,", 1)
    (folder / "claims.csv").write_text(text)

    batch = load_extract(folder, run_by="cli:tester")

    assert batch.status == "refused"
    located = {(e["file"], e["line"], e["column"], e["reason"]) for e in batch.errors}
    assert ("claims.csv", 1, "property_reference", "Column is missing") in located
    assert ("claims.csv", 1, "colour", "Column is not expected") in located
    assert nothing_loaded(db)


def test_a_letter_that_is_not_a_pdf_is_refused(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.letters["letters/L00091234.pdf"] = b"<html>not a letter</html>"

    batch = refuse(extract, tmp_path)

    assert batch.errors[0]["reason"] == "file letters/L00091234.pdf is not a PDF"


def test_a_missing_file_refuses_the_extract(db, tmp_path):
    folder = ExtractFiles.valid().write(tmp_path)
    (folder / "entitlements.csv").unlink()

    batch = load_extract(folder, run_by="cli:tester")

    assert batch.status == "refused"
    assert batch.errors == [{"file": "entitlements.csv", "line": 0, "column": "",
                             "reason": "The extract has no entitlements.csv"}]


def test_a_refused_batch_is_audited_without_tenant_data(db, tmp_path):
    batch = refuse(ExtractFiles.valid().set("claims.csv", 0, "postcode", "??"), tmp_path)

    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.finished")).one()
    assert event.object_ref == str(batch.id)
    assert "refused" in event.detail and "Khan" not in event.detail


def test_a_file_with_only_its_header_is_fine(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["letters.csv"], extract.letters = [], {}
    folder = tmp_path / "x"
    folder.mkdir()

    batch = load_extract(extract.write(folder), run_by="cli:tester")

    assert batch.status == "loaded"
    assert batch.counts["letters"] == {"inserted": 0, "updated": 0, "unchanged": 0}


def test_an_entitlement_twice_for_the_same_claim_type_and_start_is_refused(db, tmp_path):
    batch = refuse(ExtractFiles.valid().set("entitlements.csv", 1, "type", "HB"), tmp_path)

    assert batch.errors == [{"file": "entitlements.csv", "line": 3, "column": "start_date",
                             "reason": "HB entitlement of claim HB1000234 starting 2026-04-06 also appears on line 2;"
                                       " it may appear once"}]
