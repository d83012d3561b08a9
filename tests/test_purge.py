"""`flask lp purge` removes what is past the horizon (plus margin) and old audit, and keeps the rest."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from lp.models import AuditEvent, Payment, PaymentLine
from lp.models.base import utcnow
from tests import factories as f


def test_purge_removes_payments_past_the_horizon_and_margin_and_keeps_recent_ones(app, db, landlord_world):
    account = landlord_world["account"]
    claim = f.make_claim(account)
    cutoff_days = app.config["LP_HORIZON_DAYS"] + app.config["LP_PURGE_MARGIN_DAYS"]
    f.make_payment(account, lines=[(claim, 1000, 0, 0)], paid_on=date.today() - timedelta(days=cutoff_days + 1), reference="OLD")
    f.make_payment(account, lines=[(claim, 2000, 0, 0)], paid_on=date.today() - timedelta(days=cutoff_days - 1), reference="KEEP")
    db.session.add(AuditEvent(action="sign_in", at=utcnow() - timedelta(days=app.config["LP_AUDIT_RETENTION_DAYS"] + 1)))
    db.session.add(AuditEvent(action="sign_in", at=utcnow()))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["lp", "purge"])

    assert result.exit_code == 0, result.output
    assert "payment: 1 deleted" in result.output
    assert db.session.scalars(select(Payment.reference)).all() == ["KEEP"]
    assert db.session.scalar(select(func.count()).select_from(PaymentLine)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1
