"""Scoped reads of the to-do list: always through the landlord's own claims (a foreign request is a 404)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func

from lp.claims.queries import matches_text
from lp.extensions import db
from lp.horizon import today
from lp.models import Claim, Task
from lp.scoping import owned_claims

DUE_CHOICES = {"all": "All", "overdue": "Overdue", "week": "This week"}
STATE_CHOICES = {"open": "To do", "answered": "Answered", "all": "All"}


def _tasks(landlord_id: int) -> Select:
    """Rows of (Claim, Task) on the landlord's claims."""
    return owned_claims(landlord_id).add_columns(Task).join(Task, Task.claim_id == Claim.id)


def is_overdue():
    return (Task.answered_at.is_(None)) & (Task.due_on < today())


def tasks_for(landlord_id: int, *, text: str | None = None, due: str = "all", state: str = "open") -> Select:
    """The landlord's requests matching the filters: the soonest due first, answered ones newest first."""
    stmt = _tasks(landlord_id)
    if text:
        stmt = stmt.where(matches_text(text))
    if due == "overdue":
        stmt = stmt.where(Task.due_on < today())
    elif due == "week":
        # From today to Sunday: what is already late is "Overdue".
        stmt = stmt.where(Task.due_on >= today(), Task.due_on <= today() + timedelta(days=6 - today().weekday()))
    if state == "open":
        stmt = stmt.where(Task.answered_at.is_(None))
    elif state == "answered":
        stmt = stmt.where(Task.answered_at.is_not(None))
    if state == "answered":
        return stmt.order_by(Task.answered_at.desc(), Task.reference)
    return stmt.order_by(Task.answered_at.is_not(None), Task.due_on, Task.reference)


def task_for(landlord_id: int, reference: str) -> Task:
    """One of the landlord's requests by its reference; anyone else's is not found (404)."""
    return db.first_or_404(_tasks(landlord_id).with_only_columns(Task).where(Task.reference == reference))


def overdue_count(landlord_id: int) -> int:
    """Requests not answered by their due date (the dashboard's count and the reminder's)."""
    return db.session.scalar(_tasks(landlord_id).where(is_overdue()).with_only_columns(func.count(Task.id))) or 0
