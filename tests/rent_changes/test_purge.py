"""`flask lp purge` and rent changes: files processed before the horizon go (and no longer hold their
claims back), files checked but never sent go after a week, files sent and waiting stay."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lp.models import Claim, RentChange
from lp.models.base import utcnow
from tests import factories as f


def test_purge_removes_old_processed_and_stale_draft_rent_changes_and_keeps_the_rest(app, db, landlord_world):
    w = landlord_world
    cutoff_days = app.config["LP_HORIZON_DAYS"] + app.config["LP_PURGE_MARGIN_DAYS"]
    gone_claim = f.make_claim(w["account"], reference="HBOLD", status="Ended",
                              end_date=date.today() - timedelta(days=cutoff_days + 10))
    live_claim = f.make_claim(w["account"], reference="HBLIVE")
    old = f.make_rent_change(w["landlord"].id, w["lead"], [gone_claim], status="processed")
    old.processed_at = utcnow() - timedelta(days=cutoff_days + 1)
    stale = f.make_rent_change(w["landlord"].id, w["lead"], [live_claim])
    stale.created_at = utcnow() - timedelta(days=8)
    fresh = f.make_rent_change(w["landlord"].id, w["lead"], [live_claim])
    waiting = f.make_rent_change(w["landlord"].id, w["lead"], [live_claim], status="submitted")
    waiting.submitted_at = utcnow() - timedelta(days=cutoff_days + 1)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["lp", "purge"])

    assert result.exit_code == 0, result.output
    assert "rent_change: 2 deleted" in result.output and "rent_change_line: 2 deleted" in result.output
    db.session.expire_all()
    assert set(db.session.scalars(select(RentChange.reference))) == {fresh.reference, waiting.reference}
    assert db.session.scalars(select(Claim.reference)).all() == ["HBLIVE"]
