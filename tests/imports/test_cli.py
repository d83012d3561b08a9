"""`flask lp import PATH`: what it prints and its exit code."""
from __future__ import annotations

from tests.imports.extract import ExtractFiles


def run(app, path):
    return app.test_cli_runner().invoke(args=["lp", "import", str(path)])


def test_a_good_extract_loads_and_says_what_changed(app, db, tmp_path):
    result = run(app, ExtractFiles.valid().write(tmp_path))

    assert result.exit_code == 0, result.output
    assert "claims: 3 added, 0 updated, 0 unchanged" in result.output
    assert "new letters: 1" in result.output


def test_the_same_extract_again_says_there_is_nothing_to_do(app, db, tmp_path):
    folder = ExtractFiles.valid().write(tmp_path)
    run(app, folder)

    result = run(app, folder)

    assert result.exit_code == 0
    assert "same as the last one loaded; nothing to do" in result.output


def test_a_bad_extract_prints_each_error_and_exits_non_zero(app, db, tmp_path):
    extract = ExtractFiles.valid().set("claims.csv", 1, "postcode", "XX").set("payments.csv", 1, "status", "?")

    result = run(app, extract.write(tmp_path))

    assert result.exit_code == 1
    assert "claims.csv:3:postcode: postcode is not a valid UK postcode" in result.stderr
    assert "payments.csv:3:status: status must be one of: Paid, Returned, Cancelled" in result.stderr
    assert "nothing was loaded" in result.stderr


def test_the_batch_says_it_was_run_from_the_command_line(app, db, tmp_path):
    from sqlalchemy import select

    from lp.models import ImportBatch

    run(app, ExtractFiles.valid().write(tmp_path))

    assert db.session.scalar(select(ImportBatch.run_by)).startswith("cli:")
