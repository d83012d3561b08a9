"""Properties at council scale: `python -m bench.properties [DATABASE_URL]` builds 200,000 claims on a
private PostgreSQL database (one landlord with 20,000 of them, ~1.3 claims a property), then times the
importer's refresh of the property table and the /properties queries of that landlord. Prints JSON.

The figures decide where the list comes from: a kept table read by index, against a GROUP BY over the
landlord's claims on every request (timed here too, for comparison).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time

from sqlalchemy import create_engine, func, select, text

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
NAME = "lp_bench_properties"
CLAIMS, BIG = 200_000, 20_000

FILL = """
INSERT INTO landlord (id, name, created_at, invite_any_email)
  SELECT n, 'Landlord ' || n, now(), false FROM generate_series(1, 181) n;
INSERT INTO landlord_account (id, reference, landlord_id, name, address, postcode, sort_code, account_last4,
                              payment_method, updated_at)
  SELECT n, (9000 + n)::text, n, 'Account ' || n, '1 Road', 'AN1 1AA', '20-00-00', '1234', 'BACS', now()
  FROM generate_series(1, 181) n;
-- Account 1 has 20,000 claims; the other 180 share the remaining 180,000.
INSERT INTO claim (reference, account_id, tenant_first_name, tenant_last_name, first_name_key, last_name_key,
                   postcode_key, rent_reference, claim_type, status, suspended, address, postcode,
                   property_reference, weekly_hb_pence, weekly_dhp_pence, overpayment_pence, start_date,
                   end_date, updated_at)
  SELECT 'HB' || n, CASE WHEN n <= 20000 THEN 1 ELSE 2 + mod(n / 1000, 180) END, 'First' || n, 'Surname' || mod(n, 5000),
         'first' || n, 'surname' || mod(n, 5000), 'an' || mod(n, 97) || mod(n, 9) || 'aa', 'R/' || n, 'Private',
         CASE WHEN mod(n, 10) = 0 THEN 'Ended' ELSE 'Active' END, mod(n, 25) = 0,
         (n / 13 * 10) || ' Long Street|Anytown', 'AN' || mod(n, 97) || ' ' || mod(n, 9) || 'AA',
         'P' || (n * 10 / 13), 9000 + mod(n, 5000), 0, 0, DATE '2024-01-01',
         CASE WHEN mod(n, 10) = 0 THEN DATE '2026-01-01' END, now()
  FROM generate_series(1, 200000) n;
ANALYZE;
"""


def _timed(run, repeat: int = 7) -> float:
    """The median of `repeat` runs in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main(server: str) -> dict:
    from lp import create_app
    from lp.extensions import db

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{NAME}"'))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"{server}/{NAME}", "LP_ENV": "test", "SECRET_KEY": "bench"})
    results: dict = {}
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(FILL)
        results.update(_refresh(db))
        with app.test_request_context("/properties"):
            results.update(_queries(db))
        db.engine.dispose()
    if not os.environ.get("BENCH_KEEP"):  # kept to read query plans by hand
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
    admin.dispose()
    return results


def _refresh(db) -> dict:
    from lp.imports.properties import refresh_properties
    from lp.models import Property
    from lp.models.base import utcnow

    with db.engine.begin() as connection:
        started = time.perf_counter()
        written = refresh_properties(connection)
        first = (time.perf_counter() - started) * 1000
    with db.engine.begin() as connection:
        started = time.perf_counter()
        rewritten = refresh_properties(connection, since=utcnow())  # the nightly case: no claim written
        again = (time.perf_counter() - started) * 1000
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE property")  # as autovacuum would after a load
    total = db.session.scalar(select(func.count()).select_from(Property))
    return {"claims": CLAIMS, "properties": total, "refresh_first_ms": round(first), "refresh_first_rows": written,
            "refresh_unchanged_ms": round(again), "refresh_unchanged_rows": rewritten}


def _queries(db) -> dict:
    from flask import g

    from lp.models import Claim
    from lp.paging import paginate
    from lp.properties.queries import properties_for

    g.landlord_id = 1

    def page(**search):
        return lambda: paginate(properties_for(1, **search), scalars=True)

    def grouped():  # what the list would cost without the kept table
        stmt = (select(Claim.property_reference, func.max(Claim.address), func.sum(Claim.weekly_hb_pence))
                .where(Claim.account_id == 1).group_by(Claim.property_reference)
                .order_by(func.sum(Claim.weekly_hb_pence).desc()).limit(25))
        db.session.execute(stmt).all()

    return {
        "landlord_claims": BIG,
        "list_by_address_ms": _timed(page()),
        "list_by_weekly_hb_ms": _timed(page(sort="hb", direction="desc")),
        "search_postcode_ms": _timed(page(text="AN5")),
        "search_tenant_ms": _timed(page(text="surname123")),
        "search_street_ms": _timed(page(text="long street")),
        "group_by_claims_per_request_ms": _timed(grouped),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else SERVER), indent=2))
