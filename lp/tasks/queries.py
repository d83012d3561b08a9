"""Scoped reads of the to-do list: always through the landlord's own claims (a foreign request is a 404)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select

from lp import per_load
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


# What changes a count of requests between loads: one raised (a new id) or answered (answered_at is set
# once, to now, so the latest moves). Two subqueries: SQLite reads a lone max() from an index's end.
_REQUESTS_CHANGED = select(select(func.max(Task.id)).scalar_subquery(),
                           select(func.max(Task.answered_at)).scalar_subquery())


def requests_changed() -> tuple:
    """The latest request raised and answered, council-wide: two index look-ups."""
    return tuple(db.session.connection().execute(_REQUESTS_CHANGED).one())


def overdue_count(landlord_id: int) -> int:
    """Requests not answered by their due date (the dashboard's count and the reminder's). Counting
    walks every overdue request of the council (15-50 ms at council scale), so the count is kept per
    load, per day and until a request is raised or answered."""
    def count() -> int:
        return db.session.scalar(_tasks(landlord_id).where(is_overdue()).with_only_columns(func.count(Task.id))) or 0

    return per_load.kept("overdue_requests", landlord_id, (today(), requests_changed()), count)
