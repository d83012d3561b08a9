"""The landlords' answers for the benefits system: one CSV layout for the console's download and for
the files `flask lp export-answers` writes to the pick-up folder (LP_EXPORT_DIR)."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Select, select, update

from lp import audit
from lp.audit_actions import TASK_ANSWERS_EXPORTED, TASK_PROCESSED
from lp.exports import Money, csv_lines, streamed
from lp.extensions import db
from lp.models import Claim, LandlordAccount, Task
from lp.models.base import utcnow

ANSWER_HEADER = ["request_id", "claim_reference", "landlord_reference", "kind", "raised_on", "due_on",
                 "answered_at", "tenant_name", "rent", "rent_frequency", "service_charges",
                 "service_charges_paid_by", "tenancy_start_date", "tenancy_type", "still_resident", "moved_out_on"]


def answered(*, processed: bool | None = None) -> Select:
    """Rows of (Task, claim reference, landlord reference) for answered requests, oldest answer first."""
    stmt = (select(Task, Claim.reference, LandlordAccount.reference)
            .join(Claim, Claim.id == Task.claim_id).join(LandlordAccount, LandlordAccount.id == Claim.account_id)
            .where(Task.answered_at.is_not(None)).order_by(Task.answered_at, Task.id))
    if processed is not None:
        stmt = stmt.where(Task.processed_at.is_not(None) if processed else Task.processed_at.is_(None))
    return stmt


def answer_rows(stmt: Select) -> Iterator[tuple]:
    for task, claim_reference, landlord_reference in streamed(stmt):
        yield (task.reference, claim_reference, landlord_reference, task.kind, task.raised_on, task.due_on,
               task.answered_at, task.tenant_name, _money(task.rent_pence), task.rent_frequency,
               _money(task.service_charges_pence), task.service_charges_paid_by, task.tenancy_start_on,
               task.tenancy_type, task.still_resident, task.moved_out_on)


def _money(pence: int | None):
    return None if pence is None else Money(pence)


def export_answers(folder: str | os.PathLike) -> tuple[Path | None, int]:
    """Write every answer not yet exported to a new CSV in `folder`; (the file, how many answers).

    Nothing is written twice and nothing is lost: the file is complete on disk (as .partial) before
    the answers are marked exported, and it takes its final name only after that commit. If the
    commit fails, the file is removed and the next run writes them again; if the process dies
    between the commit and the rename, the next run finishes the rename (_recover).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _recover(folder)
    now = utcnow()
    ids = list(db.session.scalars(select(Task.id).where(Task.answered_at.is_not(None), Task.exported_at.is_(None))
                                  .order_by(Task.answered_at, Task.id).with_for_update()))
    if not ids:
        db.session.rollback()
        return None, 0
    target = folder / f"answers-{now:%Y%m%dT%H%M%S%fZ}.csv"
    partial = target.with_suffix(".csv.partial")
    rows = answer_rows(answered().where(Task.id.in_(ids)))
    with open(partial, "w", encoding="utf-8", newline="") as stream:
        for chunk in csv_lines(ANSWER_HEADER, rows):
            stream.write(chunk)
        stream.flush()
        os.fsync(stream.fileno())
    try:
        db.session.execute(update(Task).where(Task.id.in_(ids)).values(exported_at=now))
        audit.record(TASK_ANSWERS_EXPORTED, object_type="task_answers", detail=f"{target.name} {len(ids)} answer(s)",
                     user=None, landlord_id=None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target, len(ids)


def _recover(folder: Path) -> None:
    """A .partial file left by a run that stopped: keep it if its answers were marked exported
    (the commit happened), remove it otherwise (they are still waiting and will be written again)."""
    for partial in folder.glob("answers-*.csv.partial"):
        with open(partial, encoding="utf-8-sig", newline="") as stream:
            references = [row["request_id"] for row in csv.DictReader(stream)]
        waiting = db.session.scalar(select(Task.id).where(Task.reference.in_(references[:500]),
                                                         Task.exported_at.is_(None)).limit(1))
        if references and waiting is None:
            partial.replace(partial.with_suffix(""))
        else:
            partial.unlink()


def mark_processed(task: Task, officer) -> None:
    task.processed_at, task.processed_by_id = utcnow(), officer.id
    audit.record(TASK_PROCESSED, object_type="task", object_ref=task.reference, landlord_id=None)
    db.session.commit()


def council_reference(task_id: int) -> str:
    return f"LP-{task_id:06d}"
