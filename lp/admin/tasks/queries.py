"""The council's reads of its requests to landlords."""
from __future__ import annotations

from sqlalchemy import Select, select

from lp.extensions import db
from lp.models import Claim, Landlord, LandlordAccount, Task, User

# Which requests the list shows: the answers waiting to be processed first.
SHOWS = {"answered": "Answered, not processed", "open": "Not answered yet", "processed": "Processed"}


def listed(show: str) -> Select:
    stmt = (select(Task, Claim, Landlord.name).join(Claim, Claim.id == Task.claim_id)
            .join(LandlordAccount, LandlordAccount.id == Claim.account_id)
            .outerjoin(Landlord, Landlord.id == LandlordAccount.landlord_id))
    if show == "open":
        return stmt.where(Task.answered_at.is_(None)).order_by(Task.due_on, Task.id)
    if show == "processed":
        return stmt.where(Task.processed_at.is_not(None)).order_by(Task.processed_at.desc(), Task.id)
    return stmt.where(Task.answered_at.is_not(None), Task.processed_at.is_(None)).order_by(Task.answered_at, Task.id)


def people_of(task: Task) -> dict[int, User]:
    """The users who raised, answered and processed it, by id."""
    ids = {task.answered_by_id, task.processed_by_id, task.raised_by_id} - {None}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
