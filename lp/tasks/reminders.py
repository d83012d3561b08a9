"""Reminders of overdue requests: one e-mail a day per user who may answer them and chose alerts.
A count and a link only: no tenant data."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from lp import audit
from lp.audit_actions import ALERTS_OVERDUE_REQUESTS_QUEUED
from lp.extensions import db
from lp.formats import plural
from lp.horizon import today
from lp.models import AuditEvent, Claim, LandlordAccount, Task, User
from lp.notify import absolute_url, queue_email
from lp.scoping import claim_within_horizon
from lp.tasks.queries import is_overdue

DONE = ALERTS_OVERDUE_REQUESTS_QUEUED  # the audit event that says a landlord was reminded on a day


def queue_overdue_reminders(day: date | None = None) -> int:
    """Queue the day's reminders and commit; the number of e-mails. Run twice on a day, it sends once."""
    day = day or today()
    queued = 0
    for landlord_id, overdue in _overdue_by_landlord():
        marker = f"{landlord_id}:{day.isoformat()}"
        if _already(marker):
            continue
        sent = 0
        for user in _answerers(landlord_id):
            _remind(user, overdue)
            sent += 1
        audit.record(DONE, object_type="landlord", object_ref=marker, detail=f"{sent} e-mail(s)", user=None,
                     landlord_id=landlord_id)
        queued += sent
    db.session.commit()
    return queued


def _overdue_by_landlord():
    return db.session.execute(
        select(LandlordAccount.landlord_id, func.count(Task.id))
        .join(Claim, Claim.id == Task.claim_id).join(LandlordAccount, LandlordAccount.id == Claim.account_id)
        .where(is_overdue(), LandlordAccount.landlord_id.is_not(None),
               claim_within_horizon())
        .group_by(LandlordAccount.landlord_id)
    ).all()


def _already(marker: str) -> bool:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == DONE, AuditEvent.object_ref == marker)) > 0


def _answerers(landlord_id: int) -> list[User]:
    users = db.session.scalars(select(User).where(
        User.landlord_id == landlord_id, User.kind == "landlord", User.status == "active"))
    return [user for user in users if user.can("provide_tenancy_details") and user.alerts_email]


def _remind(user: User, overdue: int) -> None:
    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(to=user.email, kind="overdue_requests", subject=f"Overdue requests in the {service}",
                body=f"You have {plural(overdue, 'overdue request')} from the council to answer in the {service}.\n\n"
                     f"Until they are answered we may not be able to pay Housing Benefit on time.\n\n"
                     f"Sign in to answer {'it' if overdue == 1 else 'them'}:\n"
                     f"{absolute_url('tasks.index', due='overdue')}\n\n"
                     "You get this e-mail because you chose alerts. You can change this in My profile.")
