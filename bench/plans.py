"""Query plans and single-query timings of the key reads, built by lp's own query functions for demo-lead:
EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
from __future__ import annotations

import time
from datetime import date

from sqlalchemy import func, select


def statements(t: dict, user_id: int) -> dict:
    """The key reads as lp's views build them: a page of 25 and its count, a claim's tabs, a breakdown."""
    from lp.claims.queries import claim_for, claims_for, entitlements_for, payment_lines_for
    from lp.letters.queries import letters_for, reads_among
    from lp.models import Claim, Letter, PaymentLine
    from lp.payments.queries import payments_for
    from lp.scoping import owned_letters

    landlord = t["landlord_id"]
    start, end = date.fromisoformat(t["from"]), date.fromisoformat(t["to"])
    searches = {
        "claims by surname": claims_for(landlord, user_id=user_id, status="Active",
                                        surname="".join(t["surname"].split()).lower()),
        "claims by postcode": claims_for(landlord, user_id=user_id, status="Active",
                                         postcode=t["postcode"].lower()),
        "claims only suspended": claims_for(landlord, user_id=user_id, suspended_only=True),
        "payments in a date range": payments_for(landlord, start=start, end=end),
        "claims default (every status, by surname)": claims_for(landlord, user_id=user_id),
        "letters unread": letters_for(landlord, user_id, unread_only=True),
    }
    found = {}
    for name, stmt in searches.items():
        found[f"{name} (page)"] = stmt.limit(25)
        # The claims' and letters' counts are kept per load (lp/per_load.py): these run once per load.
        found[f"{name} (count)"] = select(func.count()).select_from(stmt.order_by(None).subquery())
    # What the unread count (dashboard, unread page) runs: the landlord's letters within the horizon,
    # once per load, less this user's reads among them, on every view.
    found["letters within the horizon (count, once per load)"] = owned_letters(select(func.count(Letter.id)), landlord)
    found["letters read by this user (count)"] = reads_among(landlord, user_id)
    claim = claim_for(landlord, t["claim"])
    found["claim (scoped, by reference)"] = select(Claim).where(Claim.reference == t["claim"])
    found["claim entitlements"] = entitlements_for(claim, start=date(2000, 1, 1), end=None)
    found["claim payment lines (page)"] = payment_lines_for(landlord, claim, start=date(2000, 1, 1),
                                                            end=None).limit(25)
    found["payment breakdown"] = (
        select(PaymentLine, Claim).join(Claim, PaymentLine.claim_id == Claim.id)
        .where(PaymentLine.payment_id == t["payment_id"]).order_by(PaymentLine.line_number)
    )
    return found


def explain(app, t: dict) -> list[dict]:
    """[{name, sql, plan, ms, scan}] for each key query, run inside `app` (the benchmark database)."""
    from lp.extensions import db
    from lp.models import User

    results = []
    with app.app_context(), app.test_request_context("/"):
        user_id = db.session.scalar(select(User.id).where(User.username == "demo-lead"))
        dialect = db.engine.dialect
        for name, stmt in statements(t, user_id).items():
            sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            connection = db.session.connection()
            timings = []
            for _ in range(3):
                began = time.perf_counter()
                connection.exec_driver_sql(sql).fetchall()
                timings.append((time.perf_counter() - began) * 1000)
            if dialect.name == "sqlite":
                plan = "\n".join(sqlite_tree(connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).fetchall()))
            else:
                rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql).fetchall()
                plan = "\n".join(row[0] for row in rows)
            results.append({"name": name, "sql": sql, "plan": plan, "ms": sorted(timings)[1],
                            "scan": _scans(plan, dialect.name)})
        db.session.rollback()
    return results


def sqlite_tree(rows) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN rows (id, parent, _, detail) as indented lines."""
    depth = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def _scans(plan: str, dialect: str) -> list[str]:
    """Full scans of a big table: SQLite's 'SCAN <table>' without an index, PostgreSQL's Seq Scan."""
    found = []
    for line in plan.splitlines():
        text = line.strip()
        if dialect == "sqlite" and text.startswith("SCAN ") and "USING" not in text and "CONSTANT" not in text:
            found.append(text)
        if dialect != "sqlite" and "Seq Scan" in text:
            found.append(text)
    return found
