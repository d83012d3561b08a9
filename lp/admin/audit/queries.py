"""What the audit log reads: events with who and which organisation, filtered, newest first."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from lp.admin.audit.forms import AuditFilterForm, retention_start
from lp.exports import streamed
from lp.extensions import db
from lp.models import AuditEvent, Landlord, User

UK = ZoneInfo("Europe/London")


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def events(form: AuditFilterForm) -> Select:
    """(AuditEvent, username, organisation name) rows; an invalid filter is ignored, not guessed."""
    stmt = (select(AuditEvent, User.username, Landlord.name)
            .outerjoin(User, AuditEvent.user_id == User.id)
            .outerjoin(Landlord, AuditEvent.landlord_id == Landlord.id)
            .where(AuditEvent.at >= _midnight(retention_start())))
    if form.person.data:
        stmt = stmt.where(func.lower(User.username) == form.person.data.lower())
    if form.organisation.data:
        stmt = stmt.where(func.lower(Landlord.name).contains(form.organisation.data.lower(), autoescape=True))
    if form.action.data:
        stmt = stmt.where(AuditEvent.action == form.action.data)
    if form.start and not form.date_from.errors:
        stmt = stmt.where(AuditEvent.at >= _midnight(form.start))
    if form.end and not form.date_to.errors:
        stmt = stmt.where(AuditEvent.at < _midnight(form.end + timedelta(days=1)))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def _midnight(day) -> datetime:
    """The start of a UK day: the dates people type are the council's days."""
    return datetime.combine(day, time(), tzinfo=UK)


CSV_HEADER = ["When (UTC)", "Username", "Organisation", "Action", "Object type", "Object", "Detail", "IP address"]


def csv_rows(stmt: Select):
    for event, username, organisation in streamed(stmt):
        yield [event.at, username, organisation, event.action, event.object_type, event.object_ref, event.detail,
               event.ip]
