"""Checking a 20,000-line rent-change file: time and peak memory of the check, and of the whole upload
(check, keep the draft, answer) through the Flask test client, on a fresh database with one landlord of
20,000 claims (half of them with an earlier rent, so the old-to-new comparison runs on every other line).

    .venv/bin/python -m bench.rent_changes [--lines 20000] [--database postgresql+psycopg://...]
"""
from __future__ import annotations

import argparse
import io
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select


def _world(lines: int):
    """A landlord, its lead user and `lines` claims; an earlier, processed rent for every other claim."""
    from lp.extensions import db
    from lp.models import Claim, Landlord, LandlordAccount, RentChange, RentChangeLine, User

    landlord = Landlord(name="Bench Housing")
    db.session.add(landlord)
    db.session.flush()
    account = LandlordAccount(landlord_id=landlord.id, reference="B1", name="Bench Housing", address="1 Road",
                              postcode="AN1 1AA", sort_code="20-00-00", account_last4="1234",
                              payment_method="BACS")
    user = User(kind="landlord", landlord_id=landlord.id, username="bench", email="bench@example.org",
                first_name="B", last_name="Ench", status="active", is_lead=True, permissions="bulk_update_rents")
    db.session.add_all([account, user])
    db.session.flush()
    db.session.execute(insert(Claim.__table__), [dict(
        reference=f"HB{n:07d}", account_id=account.id, tenant_first_name="Alex", tenant_last_name="Smith",
        first_name_key="alex", last_name_key="smith", postcode="AN1 1AA", postcode_key="an11aa",
        rent_reference=f"R/{n}", claim_type="Private", status="Active", suspended=False, address="1 Road",
        property_reference=f"P{n}", weekly_hb_pence=9000, weekly_dhp_pence=0, overpayment_pence=0,
        start_date=date(2024, 1, 1)) for n in range(lines)])
    earlier = RentChange(reference="RC-BENCH", landlord_id=landlord.id, uploaded_by_id=user.id, filename="old.csv",
                         status="processed", line_count=lines // 2)
    db.session.add(earlier)
    db.session.flush()
    ids = db.session.scalars(select(Claim.id).order_by(Claim.reference)).all()
    db.session.execute(insert(RentChangeLine.__table__), [dict(
        rent_change_id=earlier.id, line_number=n + 2, claim_id=claim_id, rent_pence=10000, frequency="weekly",
        weekly_rent_pence=10000, service_charges_pence=0, weekly_service_charges_pence=0,
        effective_date=date.today() - timedelta(days=300)) for n, claim_id in enumerate(ids[::2])])
    db.session.commit()
    return landlord.id, user


def _timed(run):
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def _peak(run) -> int:
    """Peak bytes Python allocated during `run` (tracemalloc; run apart from the timing, which it slows)."""
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _file(lines: int) -> bytes:
    starts = (date.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    out = io.StringIO()
    out.write("claim_reference,rent_reference,current_weekly_rent,new_rent,frequency,service_charges,effective_date\n")
    for n in range(lines):
        out.write(f"HB{n:07d},R/{n},100.00,{103 + n % 7}.25,weekly,12.50,{starts}\n")
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--database", default=None, help="an empty database URL (default: a new SQLite file)")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from lp import create_app
    from lp.extensions import db
    from lp.horizon import today
    from lp.models import RentChangeLine
    from lp.rent_changes.checks import check_file
    from lp.rent_changes.queries import claims_to_check
    from lp.sessions import start_session

    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "test", "TESTING": True, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "LP_OUTBOX_SENDER_THREAD": False})
    data = _file(args.lines)
    with app.app_context():
        upgrade()
        landlord_id, user = _world(args.lines)
        claims = claims_to_check(landlord_id)
        check_s, checked = _timed(lambda: check_file(data, claims, today()))
        check_peak = _peak(lambda: check_file(data, claims_to_check(landlord_id), today()))
        assert checked.errors.count == 0 and len(checked.lines) == args.lines, checked.errors.report()[0][:3]
        with app.test_request_context():
            from flask import session
            start_session(user)
            db.session.commit()
            cookie = dict(session)
    client = app.test_client()
    with client.session_transaction() as stored:
        stored.update(cookie)
    def upload():
        return client.post("/rent-changes", data={"rents_file": (io.BytesIO(data), "rents.csv")},
                           content_type="multipart/form-data")
    upload_s, response = _timed(upload)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    upload_peak = _peak(upload)  # a second draft of the same file
    started = time.perf_counter()
    assert client.get(response.location).status_code == 200
    preview_ms = (time.perf_counter() - started) * 1000
    with app.app_context():
        kept = (db.session.scalar(select(func.count()).select_from(RentChangeLine)) - args.lines // 2) // 2
        db.engine.dispose()
    print(f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}: {args.lines:,} lines ({len(data) / 1e6:.2f} MB); "
          f"check {check_s:.2f} s, peak {check_peak / 1e6:.1f} MB; upload (check + keep {kept:,} draft lines) "
          f"{upload_s:.2f} s, peak {upload_peak / 1e6:.1f} MB; preview page {preview_ms:.0f} ms")


if __name__ == "__main__":
    main()
