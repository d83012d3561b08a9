"""The overpayments view and its CSV."""
from __future__ import annotations

from flask import g, url_for

from lp import audit
from lp.access import needs
from lp.audit_actions import OVERPAYMENTS_EXPORTED, OVERPAYMENTS_VIEWED
from lp.exports import csv_response
from lp.horizon import horizon_date
from lp.htmx import render
from lp.overpayments import bp, queries
from lp.routing import MAX_PAGE, query_int


@bp.get("/overpayments")
@needs("view_payments")
def index():
    page = query_int("page", 1, maximum=MAX_PAGE)
    claims = queries.overpaid_claims(g.landlord_id, page=page)
    deductions = queries.deductions_for(g.landlord_id, [claim.id for claim in claims.items])
    # The list names tenants, so it is a view of personal data.
    audit.record_view(OVERPAYMENTS_VIEWED, object_type="overpayments", detail=f"page {claims.page}")
    return render("overpayments/index.html", claims=claims, deductions=deductions, horizon=horizon_date(),
                  page_url=lambda number: url_for("overpayments.index", page=number), page_title="Overpayments")


@bp.get("/overpayments.csv")
@needs("view_payments")
@needs("export_payments")
def export():
    audit.record_and_commit(OVERPAYMENTS_EXPORTED, object_type="overpayments", detail="overpayments.csv")
    return csv_response("overpayments.csv", queries.CSV_HEADER, queries.csv_rows(g.landlord_id))
