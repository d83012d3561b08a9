"""The importer keeps the property table: one row per property reference of an account, from the claims;
a later load regroups only the properties whose claims it wrote, and never touches the landlord's own
reference and notes."""
from __future__ import annotations

from sqlalchemy import select

from lp.imports import load_extract
from lp.models import Property
from tests.imports.extract import ExtractFiles, claim


def load(extract: ExtractFiles, folder):
    folder.mkdir(exist_ok=True)
    batch = load_extract(extract.write(folder), run_by="cli:tester")
    assert batch.status == "loaded", batch.errors
    return batch


def properties(db) -> dict[str, Property]:
    db.session.expire_all()
    return {p.reference: p for p in db.session.scalars(select(Property))}


def test_a_load_makes_a_property_per_reference_and_a_later_one_follows_the_claims(db, tmp_path):
    extract = ExtractFiles.valid()
    extract.rows["claims.csv"].append(claim("HB1000236", "9998", tenant_first_name="Ben", tenant_last_name="Ng",
                                            property_reference="PHB1000234", weekly_hb="20.00"))
    load(extract, tmp_path / "first")
    found = properties(db)
    assert set(found) == {row["property_reference"] for row in extract.rows["claims.csv"]}
    shared = found["PHB1000234"]
    assert sorted(shared.tenants.split("; ")) == ["Aisha Khan", "Ben Ng"] and shared.weekly_hb_pence == 11850
    assert shared.address == "Flat 3|12 Mill Lane|Anytown" and shared.status == "Active"
    assert found["PHB1000300"].status == "Suspended"
    shared.own_reference, shared.notes = "MINE-1", "Keys next door"
    untouched = found["PHB1000235"].refreshed_at
    db.session.commit()

    extract.rows["claims.csv"][-1].update(status="Ended", end_date="2026-11-01")
    load(extract, tmp_path / "second")
    again = properties(db)
    shared = again["PHB1000234"]
    assert (shared.tenants, shared.weekly_hb_pence, shared.current_claims) == ("Aisha Khan", 9850, 1)
    assert (shared.own_reference, shared.notes) == ("MINE-1", "Keys next door")
    assert again["PHB1000235"].refreshed_at == untouched  # its claims did not change: not regrouped
