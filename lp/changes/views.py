"""Change reports: the form on a claim, the organisation's reports, and one report with the council's reply."""
from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import CHANGE_REPORT_VIEWED, CHANGE_REPORTS_EXPORTED, CLAIM_VIEWED
from lp.changes import bp, queries, services
from lp.changes.forms import DETAILS_MAX, PROPERTY_CHANGE_TYPES, ChangeReportForm
from lp.claims.queries import claim_for
from lp.exports import csv_response
from lp.htmx import render
from lp.models import CHANGE_STATUSES, CHANGE_TYPES
from lp.paging import paginate
from lp.routing import url_with


@bp.context_processor
def helpers():
    return {"url_with": url_with, "change_types": CHANGE_TYPES, "change_statuses": CHANGE_STATUSES,
            "property_change_types": PROPERTY_CHANGE_TYPES}


@bp.route("/claims/<reference>/report-change", methods=["GET", "POST"])
@needs("report_changes")
def report(reference: str):
    claim = claim_for(g.landlord_id, reference)
    form = ChangeReportForm()
    if form.validate_on_submit():
        sent = services.report_change(current_user._get_current_object(), claim, change_type=form.change_type.data,
                                      happened_on=form.happened_on.date, details=form.details.data)
        flash(f"Change reported. Your reference is {sent.reference}.", "success")
        return redirect(url_for("changes.show", reference=sent.reference), 303)
    audit.record_view(CLAIM_VIEWED, object_type="claim", object_ref=claim.reference, detail="report a change")
    return render("changes/report.html", form=form, claim=claim, details_max=DETAILS_MAX)


@bp.get("/changes")
@needs("report_changes")
def index():
    return render("changes/index.html", page=paginate(queries.reports_for(g.landlord_id)))


@bp.get("/changes.csv")
@needs("report_changes")
def export():
    audit.record_and_commit(CHANGE_REPORTS_EXPORTED, object_type="change_reports", detail="changes.csv")
    return csv_response("changes.csv", queries.CSV_HEADER, queries.csv_rows(g.landlord_id))


@bp.get("/changes/<reference>")
@needs("report_changes")
def show(reference: str):
    report = queries.report_for(g.landlord_id, reference)
    # The details are the landlord's own words about a tenant: personal data, so the view is audited.
    audit.record_view(CHANGE_REPORT_VIEWED, object_type="change_report", object_ref=report.reference,
                     detail=f"claim {report.claim.reference}")
    return render("changes/show.html", report=report)
