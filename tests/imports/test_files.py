"""Reading the CSV files: byte-order mark, quoting, line numbers across quoted line breaks, limits."""
from __future__ import annotations

from sqlalchemy import select

from lp.imports import load_extract
from lp.models import LandlordAccount
from tests.imports.extract import ExtractFiles, account


def test_a_byte_order_mark_and_quoted_commas_and_line_breaks_are_read(db, tmp_path):
    extract = ExtractFiles.valid().set("accounts.csv", 0, "address", 'Unit 1, "The Mill"\nAnytown')
    folder = extract.write(tmp_path)
    (folder / "accounts.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "accounts.csv").read_bytes())

    batch = load_extract(folder, run_by="cli:tester")

    assert batch.status == "loaded", batch.errors
    address = db.session.scalar(select(LandlordAccount.address).where(LandlordAccount.reference == "9998"))
    assert address == 'Unit 1, "The Mill"\nAnytown'


def test_line_numbers_count_line_breaks_inside_quoted_fields(db, tmp_path):
    extract = ExtractFiles.valid().set("accounts.csv", 0, "address", "1 High Street\nAnytown\nAN1")
    extract.set("accounts.csv", 1, "sort_code", "nope")

    batch = load_extract(extract.write(tmp_path), run_by="cli:tester")

    assert [(e["line"], e["column"]) for e in batch.errors] == [(5, "sort_code")]


def test_one_fault_in_many_rows_is_kept_as_its_first_twenty_lines_and_counted(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["accounts.csv"] += [account(f"X{n}", sort_code="bad") for n in range(1005)]

    batch = load_extract(extract.write(tmp_path), run_by="cli:tester")

    assert batch.status == "refused"
    assert [e["line"] for e in batch.errors] == list(range(4, 24)) and batch.counts["errors"] == 1005
    assert batch.counts["error_groups"] == [{"file": "accounts.csv", "column": "sort_code", "count": 1005, "shown": 20,
                                             "reason": "sort_code must be a sort code of six digits, like 20-00-00"}]


def test_a_progress_bar_goes_to_stderr_when_asked_for(db, tmp_path, capsys):
    load_extract(ExtractFiles.valid().write(tmp_path), run_by="cli:tester", progress=True)

    captured = capsys.readouterr()
    assert "Loading payment_lines.csv" in captured.err and captured.out == ""
