"""New-letter alerts: after an import brings new letters, one e-mail (and an SMS if chosen) per user
who reads letters and asked for alerts. Counts and a link only: no tenant data."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from lp import audit
from lp.audit_actions import ALERTS_NEW_LETTERS_QUEUED
from lp.extensions import db
from lp.formats import plural
from lp.horizon import horizon_date
from lp.models import AuditEvent, Claim, ImportBatch, LandlordAccount, Letter, User
from lp.notify import absolute_url, queue_email, queue_sms

DONE = ALERTS_NEW_LETTERS_QUEUED  # the audit event that says a batch's alerts were queued


def queue_new_letter_alerts(batch: ImportBatch) -> int:
    """Queue the batch's alerts in the caller's transaction; the number of messages queued.

    Idempotent per batch: the first call records an AuditEvent, and a later call finds it and does nothing.
    """
    if _already_alerted(batch.id):
        return 0
    queued = 0
    for landlord_id, letters, tenants in _new_letters_by_landlord(batch.id):
        for user in _readers(landlord_id):
            queued += _alert(user, letters, tenants)
    audit.record(DONE, object_type="import_batch", object_ref=str(batch.id), detail=f"{queued} message(s)", user=None,
                 landlord_id=None)
    return queued


def _already_alerted(batch_id: int) -> bool:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == DONE, AuditEvent.object_ref == str(batch_id))) > 0


def _new_letters_by_landlord(batch_id: int):
    """(landlord id, letters, tenants) for the letters this batch added, within the horizon."""
    return db.session.execute(
        select(LandlordAccount.landlord_id, func.count(Letter.id), func.count(func.distinct(Letter.claim_id)))
        .join(Claim, Letter.claim_id == Claim.id)
        .join(LandlordAccount, Claim.account_id == LandlordAccount.id)
        .where(Letter.import_batch_id == batch_id, LandlordAccount.landlord_id.is_not(None),
               Letter.sent_on >= horizon_date())
        .group_by(LandlordAccount.landlord_id)
    ).all()


def _readers(landlord_id: int) -> list[User]:
    users = db.session.scalars(select(User).where(
        User.landlord_id == landlord_id, User.kind == "landlord", User.status == "active"))
    return [user for user in users if user.can("view_letters") and (user.alerts_email or user.alerts_sms)]


def _alert(user: User, letters: int, tenants: int) -> int:
    service = current_app.config["LP_SERVICE_NAME"]
    what = f"{plural(letters, 'new letter')} for {plural(tenants, 'tenant')}"
    them = "it" if letters == 1 else "them"
    link = absolute_url("letters.index")
    queued = 0
    if user.alerts_email:
        queue_email(to=user.email, kind="new_letters", subject=f"New letters in the {service}",
                    body=f"There {'is' if letters == 1 else 'are'} {what} in the {service}.\n\n"
                         f"Sign in to read {them}:\n{link}\n\n"
                         "You get this e-mail because you chose new-letter alerts. You can change this in My profile.")
        queued += 1
    if user.alerts_sms and user.mobile and user.mobile_confirmed:
        queue_sms(to=user.mobile, kind="new_letters", body=f"{service}: {what}. Sign in to read {them}: {link}")
        queued += 1
    return queued
