"""A refused extract in the browser: the council officer reads each kind of error once, with its
count and first lines, on a desktop and on a phone, and the files' checksums stay folded away."""
from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import check_accessibility, no_horizontal_scroll, signed_in_as, submit
from tests.imports.extract import ExtractFiles, claim

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True, ids=["js-desktop", "nojs-phone"])
def test_a_refused_extract_lists_each_kind_of_error_with_its_count(app, db, page, tmp_path):
    loader = f.make_user(None, username="loader", council_role="data")
    db.session.commit()
    extract = ExtractFiles.valid().set("claims.csv", 0, "tenant_first_name", "Ai\x00sha")
    extract.rows["claims.csv"] += [claim(f"HB9{n:05d}", "9998", postcode="NOWHERE") for n in range(45)]
    path = tmp_path / "nightly.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in extract.files().items():
            archive.writestr(name, content)

    signed_in_as(app, page, loader)
    page.goto("/admin/imports")
    page.get_by_label("Extract zip file").set_input_files(str(path))
    submit(page, "Check and load")

    expect(page.locator("#outcome")).to_contain_text("it has 46 errors")
    captions = page.locator("#errors caption")
    expect(captions).to_have_text([
        "claims.csv: tenant_first_name holds a control character, which cannot be loaded; remove it: 1 line",
        "claims.csv: postcode is not a valid UK postcode: 45 lines; first 20 shown",
    ])
    expect(page.locator("#errors table").nth(1).locator("tbody tr")).to_have_count(20)
    checksums = page.locator("details#checksums")
    expect(checksums.locator("li").first).to_be_hidden()
    checksums.locator("summary").click()
    expect(checksums.locator("li").first).to_be_visible()
    assert check_accessibility(page, "admin-import-refused") == []
    assert no_horizontal_scroll(page)
