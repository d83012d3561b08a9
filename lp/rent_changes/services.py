"""Keeping a checked rent-change file, sending it to the council, and the council processing it.

A checked file is kept as a draft row with its lines (not in the session cookie), so its preview
survives a reload; each step commits its rows, its audit event and any e-mail together or not at all.
"""
from __future__ import annotations

import os
import secrets

from flask import current_app
from sqlalchemy import delete, insert, update

from lp import audit
from lp.audit_actions import RENT_CHANGE_CHECKED, RENT_CHANGE_DISCARDED, RENT_CHANGE_PROCESSED, RENT_CHANGE_SUBMITTED
from lp.errors import Refused
from lp.extensions import db
from lp.models import RentChange, RentChangeLine, User
from lp.models.base import utcnow
from lp.notify import absolute_url, queue_email
from lp.rent_changes.checks import Checked


def reference_for(rent_change_id: int) -> str:
    return f"RC-{rent_change_id:06d}"


def safe_filename(name: str | None) -> str:
    """The file's own name, for the landlord to recognise it: no folders, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    return "".join(ch for ch in base if ch.isprintable())[:200] or "rent-changes.csv"


def keep_draft(user: User, filename: str, checked: Checked) -> RentChange:
    draft = RentChange(reference=f"new-{secrets.token_hex(8)}", landlord_id=user.landlord_id, uploaded_by_id=user.id,
                       filename=safe_filename(filename), status="draft", line_count=len(checked.lines),
                       check_count=checked.warnings, unchanged_count=checked.unchanged)
    db.session.add(draft)
    db.session.flush()
    draft.reference = reference_for(draft.id)
    # Core's executemany on the table, in chunks: the ORM's bulk insert splits its batches wherever a
    # column turns None (the old rent, the warning), which made a 20,000-line file 20,000 statements.
    for start in range(0, len(checked.lines), 1000):
        chunk = checked.lines[start:start + 1000]
        db.session.execute(insert(RentChangeLine.__table__), [{"rent_change_id": draft.id, **line} for line in chunk])
    audit.record(RENT_CHANGE_CHECKED, object_type="rent_change", object_ref=draft.reference,
                 detail=f"{draft.line_count} lines")
    db.session.commit()
    return draft


def submit(user: User, rent_change: RentChange) -> None:
    """Send a draft to the council. Conditional on its still being a draft: two sends of one draft at
    the same instant (a double click, two tabs) send it, and tell the council, once."""
    sent = db.session.execute(
        update(RentChange).where(RentChange.id == rent_change.id, RentChange.status == "draft")
        .values(status="submitted", submitted_at=utcnow(), submitted_by_id=user.id)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if not sent:
        db.session.rollback()
        raise Refused(f"{rent_change.reference} has already been sent to the council.")
    audit.record(RENT_CHANGE_SUBMITTED, object_type="rent_change", object_ref=rent_change.reference,
                 detail=f"{rent_change.line_count} lines")
    # The reference and counts only: the rents wait behind the console's sign-in.
    queue_email(
        to=current_app.config["LP_BENEFITS_EMAIL"], kind="rent_change",
        subject=f"Rent changes sent: {rent_change.reference}",
        body=(f"A landlord has sent rent changes for {rent_change.line_count} claims.\n\n"
              f"Reference: {rent_change.reference}\n\n"
              f"See them in the council console:\n{absolute_url('admin.rent_change', rent_change_id=rent_change.id)}"),
    )
    db.session.commit()


def discard(rent_change: RentChange) -> None:
    db.session.execute(delete(RentChangeLine).where(RentChangeLine.rent_change_id == rent_change.id))
    audit.record(RENT_CHANGE_DISCARDED, object_type="rent_change", object_ref=rent_change.reference)
    db.session.delete(rent_change)
    db.session.commit()


def mark_processed(officer: User, rent_change: RentChange) -> None:
    rent_change.status, rent_change.processed_at, rent_change.processed_by_id = "processed", utcnow(), officer.id
    audit.record(RENT_CHANGE_PROCESSED, object_type="rent_change", object_ref=rent_change.reference, landlord_id=None)
    db.session.commit()
