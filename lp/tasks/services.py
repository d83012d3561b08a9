"""Answering a request: the answer and its audit event commit together; an answer is final."""
from __future__ import annotations

from lp import audit
from lp.audit_actions import TASK_ANSWERED
from lp.extensions import db
from lp.models import Task, User
from lp.models.base import utcnow


def answer(task: Task, user: User, form) -> bool:
    """Keep the answer of a validated form. A request answered meanwhile (two tabs, two users) is
    not answered twice: the update only touches a row still unanswered (False then)."""
    values = _values(task.kind, form)
    done = db.session.execute(
        db.update(Task).where(Task.id == task.id, Task.answered_at.is_(None))
        .values(answered_at=utcnow(), answered_by_id=user.id, **values)
    ).rowcount
    if not done:
        db.session.rollback()
        return False
    audit.record(TASK_ANSWERED, object_type="task", object_ref=task.reference, detail=f"claim {task.claim.reference}")
    db.session.commit()
    return True


def _values(kind: str, form) -> dict:
    if kind == "still_resident":
        resident = form.still_resident.data == "yes"
        return {"still_resident": resident, "moved_out_on": None if resident else form.moved_out.data}
    return {
        "tenant_name": form.tenant_name.data, "rent_pence": form.rent.pence,
        "rent_frequency": form.rent_frequency.data, "service_charges_pence": form.service_charges.pence,
        "service_charges_paid_by": form.service_charges_paid_by.data,
        "tenancy_start_on": form.tenancy_start.data, "tenancy_type": form.tenancy_type.data,
    }
