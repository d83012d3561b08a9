"""The access log (/team/activity): who in the organisation signed in, viewed, opened and exported
what in the last 90 days — the landlord's own record for its data-protection duties."""
from __future__ import annotations

from datetime import timedelta

from flask import g, request
from sqlalchemy import Select, or_, select

from lp import audit
from lp import audit_actions as actions
from lp.access import needs
from lp.exports import csv_response, streamed
from lp.extensions import db
from lp.htmx import render
from lp.models import AuditEvent, User
from lp.models.base import utcnow
from lp.paging import paginate
from lp.routing import url_with
from lp.team import bp, queries
from lp.team.forms import ActivityFilterForm

DAYS = 90
# The filter's kinds of action: a label, and the audit actions (a trailing dot: every action so named).
KINDS = {
    "sign_in": ("Signed in", (actions.SIGN_IN_SUCCEEDED,)),
    "sign_out": ("Signed out", (actions.USER_SIGNED_OUT,)),
    "view": ("Viewed a claim or payment", (actions.CLAIM_VIEWED, actions.PAYMENT_VIEWED, actions.OVERPAYMENTS_VIEWED,
                                           actions.LANDLORD_VIEWED, actions.LANDLORDS_SEARCHED, actions.AUDIT_VIEWED)),
    "open_letter": ("Opened a letter", (actions.LETTER_OPENED,)),
    "export": ("Downloaded a CSV", actions.EXPORTED),
    "change_report": ("Reported a change", ("change_report.",)),
    "team": ("Changed the team", ("team.",)),
    "api": ("Used the API", (actions.API_CALLED,)),
    "api_tokens": ("Made or revoked an API token", ("api_token.",)),
    "profile": ("Changed their own details", (actions.PROFILE_EMAIL_CHANGED, actions.PROFILE_MOBILE_CHANGED,
                                               actions.PROFILE_PASSWORD_CHANGED, actions.PROFILE_KEY_METHOD_CHANGED,
                                               actions.PROFILE_ALERTS_CHANGED)),
    "secured": ("Said someone else may have used their account", (actions.USER_REPORTED_COMPROMISED,)),
}


def describe(action: str) -> str:
    for label, names in KINDS.values():
        if any(action.startswith(a) if a.endswith(".") else action == a for a in names):
            return label
    return action.replace("_", " ").replace(".", ": ").capitalize()


def _matching(kind: str):
    names = KINDS[kind][1]
    return or_(*(AuditEvent.action.startswith(a) if a.endswith(".") else AuditEvent.action == a for a in names))


def events_for(landlord_id: int, *, user_id: int | None = None, kind: str | None = None) -> Select:
    """The organisation's events of the last 90 days, newest first."""
    stmt = (select(AuditEvent, User).outerjoin(User, AuditEvent.user_id == User.id)
            .where(AuditEvent.landlord_id == landlord_id, AuditEvent.at >= utcnow() - timedelta(days=DAYS)))
    if user_id is not None:
        stmt = stmt.where(AuditEvent.user_id == user_id)
    if kind is not None:
        stmt = stmt.where(_matching(kind))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


@bp.context_processor
def helpers():
    return {"url_with": url_with, "describe": describe, "who": who, "of": of}


def _filters() -> tuple[ActivityFilterForm, dict[str, str]]:
    """The filter form, and each user's name by id (team events name the user by id)."""
    people = list(db.session.scalars(queries.everyone(g.landlord_id)))
    form = ActivityFilterForm(request.args, people, {key: label for key, (label, _) in KINDS.items()})
    return form, {str(user.id): user.full_name for user in people}


def who(user: User | None, event: AuditEvent | None = None) -> str:
    if event is not None and event.api_token_id is not None:  # an organisation's system, by its token
        return f"API token ‘{event.api_token.name}’"
    if user is None:
        return "The portal"
    return "The council" if user.is_council else user.full_name


def of(event: AuditEvent, names: dict[str, str]) -> str:
    """What the event was about, as the log shows it."""
    if event.object_type == "user" and event.object_ref in names:
        return names[event.object_ref]
    return f"{(event.object_type or '').replace('_', ' ')} {event.object_ref or ''}".strip()


@bp.get("/activity")
@needs("manage_users")
def activity():
    form, names = _filters()
    page = paginate(events_for(g.landlord_id, user_id=form.person_id, kind=form.action_key))
    return render("team/activity.html", filters=form, page=page, days=DAYS, names=names)


CSV_HEADER = ["When (UTC)", "Who", "What", "Of", "Detail"]


def _csv_rows(stmt: Select, names: dict[str, str]):
    for event, user in streamed(stmt):
        yield event.at, who(user, event), describe(event.action), of(event, names), event.detail


@bp.get("/activity.csv")
@needs("manage_users")
def activity_csv():
    """The log as filtered on the page, every page of it."""
    form, names = _filters()
    stmt = events_for(g.landlord_id, user_id=form.person_id, kind=form.action_key)
    audit.record_and_commit(actions.ACCESS_LOG_EXPORTED, object_type="access_log", detail="activity.csv")
    return csv_response("access-log.csv", CSV_HEADER, _csv_rows(stmt, names))
