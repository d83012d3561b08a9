"""Loading a good extract: counts, pence, search keys, letters, idempotence, updates, rollback."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lp.imports import load_extract
from lp.imports.load import Loader
from lp.models import AuditEvent, Claim, ImportBatch, LandlordAccount, Letter, LetterFile, Payment, PaymentLine
from tests.imports.extract import ExtractFiles, claim, letter, line, payment, pdf


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def load(db, extract: ExtractFiles, folder):
    folder.mkdir(exist_ok=True)
    return load_extract(extract.write(folder), run_by="cli:tester")


def test_good_extract_loads_every_row_with_money_in_pence(db, tmp_path):
    batch = load(db, ExtractFiles.valid(), tmp_path / "x")

    assert batch.status == "loaded"
    assert {table: c["inserted"] for table, c in batch.counts.items() if isinstance(c, dict) and table != "timings_ms"} == {
        "accounts": 2, "claims": 3, "payments": 2, "payment_lines": 3, "entitlements": 2, "letters": 1}
    assert db.session.scalar(select(Payment.amount_pence).where(Payment.reference == "P1")) == 431244
    first_line = db.session.scalars(select(PaymentLine).where(PaymentLine.line_number == 1)
                                    .join(Payment).where(Payment.reference == "P1")).one()
    assert (first_line.hb_pence, first_line.dhp_pence, first_line.adjustment_pence, first_line.amount_pence) == (
        39400, 4000, -1140, 42260)
    account = db.session.scalars(select(LandlordAccount).where(LandlordAccount.reference == "9999")).one()
    assert (account.payment_method, account.address) == ("Cheque", "1 High Street|Anytown")


def test_claims_get_search_keys(db, tmp_path):
    load(db, ExtractFiles.valid(), tmp_path / "x")

    loaded = db.session.scalars(select(Claim).where(Claim.reference == "HB1000235")).one()
    assert (loaded.first_name_key, loaded.last_name_key, loaded.postcode_key) == ("aisha", "o'neilsmith", "an34de")
    assert loaded.address == "Flat 3|12 Mill Lane|Anytown"


def test_letters_are_stored_once_and_marked_new_in_this_batch(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.add_letter(letter("L2", "HB1000235", file="letters/L2.pdf"), pdf("L00091234"))  # the same PDF
    batch = load(db, extract, tmp_path / "x")

    assert batch.new_letters == 2
    assert count(db, LetterFile) == 1
    assert set(db.session.scalars(select(Letter.import_batch_id))) == {batch.id}


def test_the_batch_records_checksums_who_ran_it_and_an_audit_event(db, tmp_path):
    batch = load(db, ExtractFiles.valid(), tmp_path / "x")

    assert set(batch.files) == {"accounts.csv", "claims.csv", "payments.csv", "payment_lines.csv",
                                "entitlements.csv", "letters.csv", "letters/L00091234.pdf"}
    assert all(len(digest) == 64 for digest in batch.files.values())
    assert batch.run_by == "cli:tester" and batch.duration_ms is not None and batch.finished_at
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.finished")).one()
    assert (event.object_type, event.object_ref) == ("import_batch", str(batch.id))
    assert "Khan" not in event.detail


def test_the_same_extract_again_is_unchanged_and_changes_nothing(db, tmp_path):
    extract = ExtractFiles.valid()
    load(db, extract, tmp_path / "x")
    updated_at = db.session.scalar(select(Claim.updated_at).where(Claim.reference == "HB1000234"))

    again = load(db, extract, tmp_path / "y")

    assert again.status == "unchanged"
    assert count(db, Claim) == 3 and count(db, PaymentLine) == 3
    assert db.session.scalar(select(Claim.updated_at).where(Claim.reference == "HB1000234")) == updated_at


def test_a_newer_extract_updates_by_natural_key_and_adds_new_rows(db, tmp_path):
    extract = ExtractFiles.valid()
    load(db, extract, tmp_path / "x")
    extract.set("claims.csv", 0, "tenant_last_name", "Khan-Ali")
    extract.rows["claims.csv"].append(claim("HB2000001", "9999"))
    extract.rows["payments.csv"].append(payment("P3", "9999", "50.00"))
    extract.rows["payment_lines.csv"].append(line("P3", 1, "HB2000001", hb="50.00", amount="50.00"))

    batch = load(db, extract, tmp_path / "y")

    assert batch.status == "loaded"
    assert batch.counts["claims"] == {"inserted": 1, "updated": 1, "unchanged": 2}
    assert batch.counts["payment_lines"] == {"inserted": 1, "updated": 0, "unchanged": 3}
    assert batch.counts["letters"] == {"inserted": 0, "updated": 0, "unchanged": 1}
    assert batch.new_letters == 0
    assert db.session.scalar(select(Claim.last_name_key).where(Claim.reference == "HB1000234")) == "khan-ali"
    assert count(db, Claim) == 4


def test_lines_already_loaded_count_towards_their_payment(db, tmp_path):
    load(db, ExtractFiles.valid(), tmp_path / "x")
    later = ExtractFiles()  # tonight: P2 grew by a second line; the first is already loaded
    later.rows["payments.csv"] = [payment("P2", "9999", "148.50")]
    later.rows["payment_lines.csv"] = [line("P2", 2, "HB1000300", hb="50.00", amount="50.00")]

    batch = load(db, later, tmp_path / "y")

    assert batch.status == "loaded", batch.errors
    assert count(db, PaymentLine) == 4


def test_a_failure_half_way_through_the_load_leaves_the_database_as_it_was(db, tmp_path, monkeypatch):
    def broken(self, *args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Loader, "store_letter_files", broken)  # after accounts, claims, payments, lines
    batch = load(db, ExtractFiles.valid(), tmp_path / "x")

    assert batch.status == "failed"
    assert "disk on fire" in batch.errors[0]["reason"]
    assert count(db, LandlordAccount) == count(db, Claim) == count(db, PaymentLine) == 0
    assert db.session.get(ImportBatch, batch.id).status == "failed"


@pytest.mark.parametrize("nested", [False, True], ids=["at the root", "in a folder"])
def test_a_zip_loads_like_a_folder(db, tmp_path, nested):
    files = ExtractFiles.valid()
    path = tmp_path / "extract.zip"
    if nested:
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            for name, content in files.files().items():
                archive.writestr(f"extract-2026-11-23/{name}", content)
    else:
        files.zip(path)

    batch = load_extract(path, run_by="cli:tester")

    assert batch.status == "loaded", batch.errors
    assert count(db, PaymentLine) == 3 and count(db, LetterFile) == 1


def test_after_a_load_postgresql_plans_from_fresh_statistics(db, tmp_path, backend):
    if backend != "postgresql":
        pytest.skip("SQLite's query plans here do not depend on statistics")
    from sqlalchemy import text

    before = db.session.scalar(text("SELECT clock_timestamp()"))
    db.session.commit()
    load(db, ExtractFiles.valid(), tmp_path / "x")

    analysed = db.session.execute(text(
        "SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname IN ('claim', 'letter', 'payment_line')"
    )).all()
    assert len(analysed) == 3 and all(when is not None and when >= before for _, when in analysed), analysed
