"""The demo's rent-change files: `make run` names them, the correct one previews with a change to check,
the other is refused line by line."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from lp.models import RentChange, User
from tests.conftest import parse_page
from tests.demo.test_command import run_demo  # noqa: F401 - the fixture


def test_the_demo_names_two_rent_change_files_that_work_as_described(app, db, run_demo, sign_in):  # noqa: F811
    result = run_demo()
    assert result.exit_code == 0, result.output
    found = re.search(r"upload on /rent-changes: (\S+) and one with errors, (\S+)", result.output)
    good, wrong = found.group(1), found.group(2)
    app.config["WTF_CSRF_ENABLED"] = False
    client = sign_in(app.test_client(), db.session.scalar(select(User).where(User.username == "demo-lead")))

    def upload(path):
        with open(path, "rb") as handle:
            return client.post("/rent-changes", data={"rents_file": (io.BytesIO(handle.read()), "rents.csv")},
                               content_type="multipart/form-data")

    refused = parse_page(upload(wrong))
    assert "The file has 4 errors: nothing has been kept" in refused.text(".govuk-error-summary")
    preview = parse_page(client.get(upload(good).location))
    assert "11 lines" in preview.text("#rent-change-details") and "1 rent changes by more than 50%" in preview.text()
    assert len(db.session.scalars(select(RentChange)).all()) == 2  # last April's, processed, and this draft
