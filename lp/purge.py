"""`flask lp purge`: delete what nobody may see any more (older than the horizon plus a margin),
audit events past their retention, and spent machinery (old codes, tokens, sessions, sent mail)."""
from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import and_, delete, exists, or_, select

from lp.extensions import db
from lp.horizon import today
from lp.models import (
    AuditEvent,
    ChangeReport,
    Claim,
    Entitlement,
    Letter,
    LetterFile,
    LetterRead,
    OneTimeCode,
    OutboxMessage,
    Payment,
    PaymentLine,
    RentChange,
    RentChangeLine,
    SpentToken,
    UserSession,
)
from lp.models.base import utcnow


def purge() -> dict[str, int]:
    """Delete, in one transaction, and return how many rows went from each table."""
    config = current_app.config
    cutoff = today() - timedelta(days=config["LP_HORIZON_DAYS"] + config["LP_PURGE_MARGIN_DAYS"])
    now = utcnow()
    old_payments = select(Payment.id).where(Payment.paid_on < cutoff)
    old_letters = select(Letter.id).where(Letter.sent_on < cutoff)
    old_rent_changes = select(RentChange.id).where(or_(
        and_(RentChange.status == "processed", RentChange.processed_at < now - (today() - cutoff)),
        and_(RentChange.status == "draft", RentChange.created_at < now - timedelta(days=7)),
    ))
    steps = [
        ("payment_line", delete(PaymentLine).where(PaymentLine.payment_id.in_(old_payments))),
        ("payment", delete(Payment).where(Payment.paid_on < cutoff)),
        ("entitlement", delete(Entitlement).where(Entitlement.end_date < cutoff)),
        ("letter_read", delete(LetterRead).where(LetterRead.letter_id.in_(old_letters))),
        ("letter", delete(Letter).where(Letter.sent_on < cutoff)),
        ("letter_file", delete(LetterFile).where(~exists().where(Letter.file_sha256 == LetterFile.sha256))),
        # Rent changes processed before the cutoff, and files checked but never sent within a week.
        ("rent_change_line", delete(RentChangeLine).where(RentChangeLine.rent_change_id.in_(old_rent_changes))),
        ("rent_change", delete(RentChange).where(RentChange.id.in_(old_rent_changes))),
        ("claim", delete(Claim).where(
            Claim.end_date < cutoff,
            ~exists().where(PaymentLine.claim_id == Claim.id),
            ~exists().where(Letter.claim_id == Claim.id),
            ~exists().where(Entitlement.claim_id == Claim.id),
            ~exists().where(ChangeReport.claim_id == Claim.id),
            ~exists().where(RentChangeLine.claim_id == Claim.id),
        )),
        ("audit_event", delete(AuditEvent).where(
            AuditEvent.at < now - timedelta(days=config["LP_AUDIT_RETENTION_DAYS"]))),
        ("one_time_code", delete(OneTimeCode).where(OneTimeCode.expires_at < now - timedelta(days=1))),
        # A spent link outlives its longest validity (2 days), so it can never be replayed.
        ("spent_token", delete(SpentToken).where(SpentToken.spent_at < now - timedelta(days=7))),
        ("user_session", delete(UserSession).where(or_(
            UserSession.revoked_at < now - timedelta(days=1),
            UserSession.created_at < now - timedelta(days=2),
        ))),
        ("outbox_message", delete(OutboxMessage).where(
            and_(OutboxMessage.status == "sent", OutboxMessage.sent_at < now - timedelta(days=90)))),
    ]
    counts = {}
    for table, statement in steps:
        counts[table] = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return counts


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete data older than the horizon plus the margin, and audit events past retention."""
    counts = purge()
    for table, count in counts.items():
        click.echo(f"{table}: {count} deleted")
