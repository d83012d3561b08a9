"""The demo's rent changes: demo-lead's earlier rents (so the preview shows old to new), and two files to
upload on /rent-changes, one correct and one with errors, written afresh each run so their dates fit."""
from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from sqlalchemy import exists, insert, select

from lp.extensions import db
from lp.formats import decimal_money
from lp.horizon import today
from lp.models import Claim, RentChange, RentChangeLine, User
from lp.models.base import utcnow
from lp.scoping import owned_claims

SAMPLE = "rent-changes.csv"
WITH_ERRORS = "rent-changes-with-errors.csv"
HEADER = ["claim_reference", "rent_reference", "new_rent", "frequency", "service_charges", "effective_date"]


def _rent(claim_id: int) -> int:
    """A made-up weekly rent of £85–£145, the same for a claim every run."""
    return 8500 + (claim_id * 37 % 60) * 100


def write_samples(folder: Path) -> list[str]:
    lead = db.session.scalar(select(User).where(User.username == "demo-lead"))
    other = db.session.scalar(select(User).where(User.username == "demo-other"))
    if lead is None or lead.landlord_id is None:
        return []
    claims = db.session.execute(owned_claims(lead.landlord_id).with_only_columns(Claim.id, Claim.reference,
                                Claim.rent_reference).where(Claim.status != "Ended").order_by(Claim.reference)
                                .limit(40)).all()
    if len(claims) < 12:
        return []
    _earlier_rents(lead, claims[:30])
    starts = today() + timedelta(days=7 - today().weekday())  # next Monday
    rows = [[reference, rent_reference, decimal_money(_rent(claim_id) * 1035 // 1000), "weekly", "", f"{starts:%d/%m/%Y}"]
            for claim_id, reference, rent_reference in claims[:10]]
    rows[3][2] = decimal_money(_rent(claims[3][0]) * 16 // 10)  # a rise of 60 %: marked "Check" on the preview
    rows += [[claims[-1][1], claims[-1][2], "520.00", "monthly", "40.00", f"{starts:%d/%m/%Y}"]]
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / SAMPLE, rows)
    foreign = db.session.scalar(owned_claims(other.landlord_id).with_only_columns(Claim.reference).limit(1)) \
        if other is not None and other.landlord_id else "HB0000000"
    wrong = [list(row) for row in rows[:4]]
    wrong[0][2] = "=C2*1.035"
    wrong[1][5] = "31/02/2027"
    wrong[2][0] = foreign
    wrong.append(list(rows[3]))
    _write(folder / WITH_ERRORS, wrong)
    return [f"Rent-change files for demo-lead to upload on /rent-changes: {folder / SAMPLE} "
            f"and one with errors, {folder / WITH_ERRORS} (or download the pre-filled template there)"]


def _earlier_rents(lead: User, claims) -> None:
    """A processed submission from last year, once, so lp knows these claims' current rents."""
    if db.session.scalar(select(exists().where(RentChange.landlord_id == lead.landlord_id))):
        return
    earlier = RentChange(reference="RC-DEMO01", landlord_id=lead.landlord_id, uploaded_by_id=lead.id,
                         filename="rents-last-april.csv", status="processed", line_count=len(claims),
                         submitted_at=utcnow() - timedelta(days=240), submitted_by_id=lead.id,
                         processed_at=utcnow() - timedelta(days=230))
    db.session.add(earlier)
    db.session.flush()
    effective = today() - timedelta(days=240)
    db.session.execute(insert(RentChangeLine.__table__), [dict(
        rent_change_id=earlier.id, line_number=n, claim_id=claim_id, rent_pence=_rent(claim_id), frequency="weekly",
        weekly_rent_pence=_rent(claim_id), service_charges_pence=0, weekly_service_charges_pence=0,
        effective_date=effective) for n, (claim_id, _, _) in enumerate(claims, start=2)])
    db.session.commit()



def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
