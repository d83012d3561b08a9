"""Data loads: upload the extract, the error report, unsafe or oversized zips, the same extract twice, roles."""
from __future__ import annotations

import io
import random
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lp.imports.lock import ImportLock
from lp.models import Claim, ImportBatch, UserSession
from lp.models.base import utcnow
from tests.conftest import parse_page
from tests.imports.extract import ExtractFiles


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def data_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["data_user"])


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "extract.zip", **kwargs):
    return client.post("/admin/imports", data={"extract": (io.BytesIO(content), name), **kwargs},
                       content_type="multipart/form-data")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_extract_is_loaded_and_its_report_shown(db, data_client):
    response = upload(data_client, zip_bytes(ExtractFiles.valid().files()), name="nightly 2026-11-23.zip")
    assert response.status_code == 303
    page = parse_page(data_client.get(response.headers["Location"]))
    assert "Extract loaded" in page.text("#outcome")
    assert "Loaded by loader" in page.text("#batch-details")
    assert "Claims 3 0 0" in page.text("#counts")  # the accounts were there already: updated
    assert count(db, Claim) == 3

    listing = parse_page(data_client.get("/admin/imports"))
    assert "Loaded" in listing.text("#batches") and "loader" in listing.text("#batches")
    assert "upload: nightly_2026-11-23.zip" in page.text("#batch-details")


def test_the_same_extract_twice_changes_nothing_the_second_time_and_says_so(db, data_client):
    content = zip_bytes(ExtractFiles.valid().files())
    upload(data_client, content)
    second = upload(data_client, content)
    page = parse_page(data_client.get(second.headers["Location"]))
    assert "the same as the last one loaded. Nothing was changed" in page.text("#outcome")
    assert [b.status for b in db.session.scalars(select(ImportBatch).order_by(ImportBatch.id))] == ["loaded", "unchanged"]
    assert count(db, Claim) == 3


def test_an_extract_with_errors_is_refused_with_a_report_and_nothing_loaded(db, data_client):
    extract = ExtractFiles.valid().set("claims.csv", 1, "weekly_hb", "lots")
    response = upload(data_client, zip_bytes(extract.files()))
    page = parse_page(data_client.get(response.headers["Location"]))
    assert "was not loaded: it has 1 error. Nothing was changed" in page.text("#outcome")
    [row] = page.select("#errors tbody tr")
    cells = [cell.get_text(strip=True) for cell in row.select("td")]
    assert cells[:3] == ["claims.csv", "3", "weekly_hb"] and cells[3]
    assert count(db, Claim) == 0


def test_a_file_that_is_not_a_zip_is_refused_by_its_content_not_its_name(db, data_client):
    page = parse_page(upload(data_client, b"landlord_reference,name\n9998,x\n", name="extract.zip"))
    assert "The selected file must be a zip file" in page.text(".govuk-error-summary")
    assert page.select_one("#extract-error") is not None
    assert count(db, ImportBatch) == 0


def test_a_zip_with_a_name_that_climbs_out_is_refused_before_anything_loads(db, data_client):
    files = {**ExtractFiles.valid().files(), "../../etc/cron.d/evil": b"x"}
    page = parse_page(upload(data_client, zip_bytes(files)))
    assert "points outside it" in page.text("#extract-error")
    assert count(db, ImportBatch) == 0 and count(db, Claim) == 0


def test_an_upload_over_the_size_limit_is_refused_with_413_and_a_message(app, db, data_client):
    app.config["LP_MAX_UPLOAD_BYTES"] = 2 * 1024 * 1024
    big = zip_bytes({"accounts.csv": random.Random(1).randbytes(3_000_000)})  # does not compress
    page = parse_page(upload(data_client, big), status=413)
    assert "The selected file must be smaller than 2 MB" in page.text("#extract-error")
    assert count(db, ImportBatch) == 0


def test_an_upload_over_one_megabyte_but_under_the_limit_is_accepted(app, db, data_client):
    extract = ExtractFiles.valid()
    extract.add_letter({"letter_id": "L2", "claim_reference": "HB1000234", "letter_type": "Change in entitlement",
                        "sent_on": "2026-11-20", "file": "letters/L2.pdf"}, b"%PDF-1.4\n" + random.Random(2).randbytes(1_500_000) + b"\n%%EOF\n")
    response = upload(data_client, zip_bytes(extract.files()))
    assert response.status_code == 303
    assert count(db, Claim) == 3


def test_loading_data_needs_a_sign_in_in_the_last_15_minutes(db, data_client, landlord_world):
    for record in db.session.scalars(select(UserSession).where(UserSession.user_id == landlord_world["data_user"].id)):
        record.authenticated_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    response = upload(data_client, zip_bytes(ExtractFiles.valid().files()))
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/admin/sign-in?next=/admin/imports")
    assert count(db, ImportBatch) == 0


def test_a_running_load_page_polls_without_keeping_the_session_alive(db, data_client):
    batch = ImportBatch(source="cli", checksum="", run_by="cli:ops", status="running")
    db.session.add(batch)
    db.session.commit()
    lock = ImportLock()  # what a loading process holds while it runs
    assert lock.acquire()
    try:
        page = parse_page(data_client.get(f"/admin/imports/{batch.id}"))
        poller = page.select_one("#batch")
        assert poller["data-hx-trigger"] == "every 2s" and '"X-LP-Poll": "1"' in poller["data-hx-headers"]
        assert page.select_one("#outcome a")["href"] == f"/admin/imports/{batch.id}"
        # While it runs, nobody may start another.
        refused = parse_page(upload(data_client, zip_bytes(ExtractFiles.valid().files())))
        assert "Another data load is running" in refused.text("#extract-error")
    finally:
        lock.release()


def test_a_load_whose_process_died_does_not_block_the_next_one(db, data_client):
    """A `running` batch nobody holds the lock for was killed: it loaded nothing and blocks nothing."""
    dead = ImportBatch(source="cli", checksum="", run_by="cli:ops", status="running")
    db.session.add(dead)
    db.session.commit()
    response = upload(data_client, zip_bytes(ExtractFiles.valid().files()))
    assert response.status_code == 303, parse_page(response).text("main")
    db.session.expire_all()
    assert db.session.get(ImportBatch, dead.id).status == "failed"
    assert "its process ended" in db.session.get(ImportBatch, dead.id).errors[0]["reason"]
    assert db.session.scalars(select(ImportBatch.status).order_by(ImportBatch.id.desc())).first() == "loaded"


def test_an_officer_cannot_load_data(db, council_client):
    assert council_client.get("/admin/imports").status_code == 403
    assert upload(council_client, zip_bytes(ExtractFiles.valid().files())).status_code == 403
    assert count(db, ImportBatch) == 0


def test_the_upload_is_refused_without_its_csrf_token(app, db, data_client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = upload(data_client, zip_bytes(ExtractFiles.valid().files()))
    assert response.status_code == 400
    assert count(db, ImportBatch) == 0
