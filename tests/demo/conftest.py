"""One small demo extract, written once for the whole session; the tests read it as the importer would."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from lp.demo.extract import write_extract

AS_AT = date(2026, 11, 23)
SEED = 7


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "small"
    write_extract(folder, scale="small", seed=SEED, as_at=AS_AT, council="Anytown Borough Council",
                  progress=lambda _: None)
    return folder


@pytest.fixture(scope="session")
def rows(demo_folder):
    """rows("claims") -> the file's rows as dicts."""
    def read(name: str) -> list[dict]:
        path = demo_folder / ("organisations.csv" if name == "organisations" else f"extract/{name}.csv")
        with open(path, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return read
