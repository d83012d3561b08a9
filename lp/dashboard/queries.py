"""What the dashboard counts and sums, each scoped to the signed-in organisation and the horizon."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from lp import per_load
from lp.claims.queries import is_suspended
from lp.extensions import db
from lp.horizon import horizon_date, today
from lp.letters.queries import letter_count
from lp.models import Claim, Landlord, LandlordAccount, Payment
from lp.scoping import owned_accounts, owned_claims

RECENT_DAYS = 28


@dataclass
class AccountSummary:
    account: LandlordAccount
    latest_on: date | None
    latest_pence: int | None
    recent_pence: int


def organisation(landlord_id: int) -> Landlord:
    return db.session.get(Landlord, landlord_id)


def account_summaries(landlord_id: int) -> list[AccountSummary]:
    """Per account: the latest payment and the total paid in the last 4 weeks (kept per load)."""
    accounts = db.session.scalars(owned_accounts(landlord_id).order_by(LandlordAccount.reference)).all()
    latest, recent = per_load.kept("account payments", landlord_id, (), lambda: _payments_by_account(
        [account.id for account in accounts]))
    return [
        AccountSummary(
            account=account,
            latest_on=latest[account.id][0] if account.id in latest else None,
            latest_pence=latest[account.id][1] if account.id in latest else None,
            recent_pence=recent.get(account.id, 0),
        )
        for account in accounts
    ]


def _payments_by_account(owned: list[int]) -> tuple[dict, dict]:
    """({account id: (latest payment's date, amount)}, {account id: pence paid in the last 4 weeks})."""
    ranked = (
        select(Payment.account_id, Payment.paid_on, Payment.amount_pence, func.row_number().over(
            partition_by=Payment.account_id, order_by=(Payment.paid_on.desc(), Payment.id.desc())).label("n"))
        .where(Payment.account_id.in_(owned), Payment.paid_on >= horizon_date())
        .subquery()
    )
    latest = {row.account_id: (row.paid_on, row.amount_pence)
              for row in db.session.execute(select(ranked).where(ranked.c.n == 1))}
    since = max(today() - timedelta(days=RECENT_DAYS - 1), horizon_date())
    # Returned and cancelled payments never reached the landlord, so they are not "paid".
    recent = {account_id: int(pence or 0) for account_id, pence in db.session.execute(
        select(Payment.account_id, func.sum(Payment.amount_pence))
        .where(Payment.account_id.in_(owned), Payment.paid_on >= since, Payment.paid_on <= today(),
               Payment.status == "Paid")
        .group_by(Payment.account_id)
    )}
    return latest, recent


def unread_letter_count(landlord_id: int, user_id: int) -> int:
    """Letters within the horizon on the organisation's claims that this user has not opened."""
    return letter_count(landlord_id, user_id, unread_only=True)


def suspended_claim_count(landlord_id: int) -> int:
    """As many as "Only suspended claims" finds: the same claims, by the same rule (kept per load)."""
    return per_load.kept("suspended claims", landlord_id, (), lambda: db.session.scalar(
        owned_claims(landlord_id).where(is_suspended()).with_only_columns(func.count(Claim.id))
    ) or 0)
