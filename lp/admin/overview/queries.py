"""The console home's figures: what is waiting, counted."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from lp.audit_actions import SIGN_IN_SUCCEEDED
from lp.extensions import db
from lp.models import AuditEvent, ChangeReport, ImportBatch, Registration, Task, User
from lp.models.base import utcnow

UK = ZoneInfo("Europe/London")


def figures() -> dict:
    oldest = db.session.scalar(select(func.min(Registration.created_at)).where(Registration.status == "pending"))
    return {
        "pending": _count(Registration, Registration.status == "pending"),
        "oldest_days": (utcnow() - oldest).days if oldest else None,
        "locked": _count(User, User.status == "locked"),
        "changes_waiting": _count(ChangeReport, ChangeReport.status == "received"),
        "answers_waiting": _count(Task, Task.answered_at.is_not(None), Task.processed_at.is_(None)),
        "last_load": db.session.scalars(select(ImportBatch).where(ImportBatch.status != "running")
                                        .order_by(ImportBatch.id.desc()).limit(1)).first(),
        "sign_ins_today": _count(AuditEvent, AuditEvent.action == SIGN_IN_SUCCEEDED,
                                 AuditEvent.at >= start_of_today()),
        "today": start_of_today().date().isoformat(),
    }


def start_of_today() -> datetime:
    """Midnight in the UK, as UTC: 'today' means the council's day."""
    return datetime.combine(utcnow().astimezone(UK).date(), time(), tzinfo=UK)


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0

