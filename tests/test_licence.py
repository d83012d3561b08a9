"""lp is open source under the MIT licence, and each manifest says so."""
import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_licence_file_is_mit_and_every_manifest_names_it():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"
    assert json.loads((ROOT / "package.json").read_text())["license"] == "MIT"
    assert json.loads((ROOT / "package-lock.json").read_text())["packages"][""]["license"] == "MIT"
