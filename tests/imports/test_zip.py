"""check_zip refuses unsafe zips (path traversal, links, bombs) before anything is read."""
from __future__ import annotations

import io
import stat
import zipfile

import pytest
from sqlalchemy import func, select

from lp.imports import ExtractRefused, check_zip, load_extract
from lp.models import Claim
from tests.imports.extract import ExtractFiles


def zip_of(members: dict[str, bytes], **infos) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(infos.get(name, name), content)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("name", ["../accounts.csv", "letters/../../etc/passwd", "/etc/passwd",
                                  "C:\\Windows\\x.csv", "..\\x.csv"])
def test_a_name_that_climbs_out_of_the_zip_is_refused(name):
    with pytest.raises(ExtractRefused, match="points outside"):
        check_zip(zip_of({name: b"x"}), max_bytes=10_000)


def test_a_symbolic_link_is_refused():
    link = zipfile.ZipInfo("letters/L1.pdf")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(ExtractRefused, match="symbolic link"):
        check_zip(zip_of({"letters/L1.pdf": b"/etc/passwd"}, **{"letters/L1.pdf": link}), max_bytes=10_000)


def test_more_than_the_limit_uncompressed_is_refused():
    with pytest.raises(ExtractRefused, match="unpacks to more than"):
        check_zip(zip_of({"accounts.csv": b"a" * 3_000_000}), max_bytes=2 * 1024 * 1024)


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    with pytest.raises(ExtractRefused, match="zip bomb"):
        check_zip(zip_of({"accounts.csv": b"\0" * 20_000_000}), max_bytes=10**9)


def test_something_that_is_not_a_zip_is_refused():
    with pytest.raises(ExtractRefused, match="not a zip"):
        check_zip(io.BytesIO(b"PK\x03\x04 but not really"), max_bytes=10_000)


def test_a_good_zip_passes_and_the_upload_can_be_read_again():
    upload = zip_of(ExtractFiles.valid().files())
    names = {info.filename for info in check_zip(upload, max_bytes=10_000_000)}
    assert "accounts.csv" in names and upload.tell() == 0


def test_an_unsafe_zip_is_refused_by_the_importer_and_nothing_loads(db, tmp_path):
    path = tmp_path / "extract.zip"
    path.write_bytes(zip_of({**ExtractFiles.valid().files(), "../evil.csv": b"x"}).getvalue())

    batch = load_extract(path, run_by="cli:tester")

    assert batch.status == "refused"
    assert batch.errors[0]["file"] == "../evil.csv"
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 0
