"""The outbox table's state changes: find due messages, claim one, record the outcome, recover claims.

Every change is one conditional UPDATE in its own short transaction, so several senders (threads
or processes, SQLite or PostgreSQL) can work on one table: only one of them wins a claim.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from lp.models import OutboxMessage
from lp.notify.backends import Outgoing

FIRST_RETRY_SECONDS = 30
LONGEST_WAIT_SECONDS = 3600
JITTER = 0.1  # retries spread by up to ±10%, so a provider coming back is not hit by all at once

table = OutboxMessage.__table__
c = table.c


def retry_delay(attempts_before: int, rng: random.Random | None = None) -> timedelta:
    """How long to wait after a failure: min(30s * 2**attempts, 1h), then jitter."""
    seconds = min(FIRST_RETRY_SECONDS * 2 ** min(attempts_before, 20), LONGEST_WAIT_SECONDS)
    return timedelta(seconds=seconds * (rng or random).uniform(1 - JITTER, 1 + JITTER))


def due_ids(engine: Engine, now: datetime, limit: int) -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(
            select(c.id)
            .where(c.status == "pending", c.next_attempt_at <= now)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
        ))


def claim(engine: Engine, message_id: int, sender: str, now: datetime) -> Outgoing | None:
    """Take a pending message for this sender; None when another sender took it first."""
    with engine.begin() as connection:
        taken = connection.execute(
            update(table)
            .where(c.id == message_id, c.status == "pending")
            .values(status="sending", claimed_by=sender, claimed_at=now)
        ).rowcount
    if taken != 1:
        return None
    return load(engine, message_id)


def load(engine: Engine, message_id: int) -> Outgoing:
    with engine.connect() as connection:
        row = connection.execute(
            select(c.id, c.channel, c.recipient, c.subject, c.body, c.kind, c.created_at).where(c.id == message_id)
        ).one()
    return Outgoing(**row._mapping)


def mark_sent(engine: Engine, message_id: int, sender: str, provider_id: str, now: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(table)
            .where(c.id == message_id, c.status == "sending", c.claimed_by == sender)
            .values(status="sent", sent_at=now, provider_id=provider_id[:200], attempts=c.attempts + 1, last_error=None)
        )


def mark_failed(engine: Engine, message_id: int, sender: str, error: str, now: datetime,
                rng: random.Random | None = None) -> datetime:
    """Back to pending with the next attempt pushed out; never dropped. Returns the next attempt time."""
    with engine.begin() as connection:
        attempts = connection.scalar(select(c.attempts).where(c.id == message_id))
        next_attempt = now + retry_delay(attempts, rng)
        connection.execute(
            update(table)
            .where(c.id == message_id, c.status == "sending", c.claimed_by == sender)
            .values(status="pending", attempts=attempts + 1, last_error=error[:1000],
                    next_attempt_at=next_attempt, claimed_by=None, claimed_at=None)
        )
    return next_attempt


def stale_claims(engine: Engine, older_than: datetime) -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(
            select(c.id).where(c.status == "sending", c.claimed_at < older_than).order_by(c.id)
        ))


def settle_stale(engine: Engine, message_id: int, claimed_before: datetime, now: datetime, *,
                 provider_id: str | None = None, resend: bool = False, error: str | None = None) -> bool:
    """Resolve a claim a crashed sender left: sent (provider_id), pending again (resend) or failed.

    Conditional on the claim still being stale, so a sender that was only slow keeps its message.
    """
    if provider_id:
        values = {"status": "sent", "sent_at": now, "provider_id": provider_id[:200], "last_error": None}
    elif resend:
        values = {"status": "pending", "next_attempt_at": now, "claimed_by": None, "claimed_at": None,
                  "last_error": "claim expired; sent again because this backend makes a repeat harmless"}
    else:
        values = {"status": "failed", "last_error": (error or "claim expired")[:1000]}
    with engine.begin() as connection:
        return connection.execute(
            update(table)
            .where(c.id == message_id, c.status == "sending", c.claimed_at < claimed_before)
            .values(**values)
        ).rowcount == 1


def release(engine: Engine, message_id: int, now: datetime) -> bool:
    """An operator's decision: send a failed message again."""
    with engine.begin() as connection:
        return connection.execute(
            update(table)
            .where(c.id == message_id, c.status == "failed")
            .values(status="pending", next_attempt_at=now, claimed_by=None, claimed_at=None)
        ).rowcount == 1
