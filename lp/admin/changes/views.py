"""The council's change-report inbox: open reports oldest first, one report with its claim, and its status."""
from __future__ import annotations

from flask import flash, redirect, request, url_for

from lp import audit
from lp.access import needs_role
from lp.admin import bp
from lp.admin.changes import queries
from lp.admin.changes.forms import InboxFilterForm, StatusForm
from lp.admin.changes.services import decide
from lp.audit_actions import CHANGE_REPORT_VIEWED
from lp.extensions import db
from lp.htmx import render
from lp.models import CHANGE_STATUSES, CHANGE_TYPES, User
from lp.paging import paginate
from lp.routing import url_with


def _labels() -> dict:
    return {"change_types": CHANGE_TYPES, "change_statuses": CHANGE_STATUSES, "url_with": url_with}


@bp.get("/changes")
@needs_role("officer")
def changes():
    filters = InboxFilterForm(request.args)
    page = paginate(queries.inbox(status=filters.status_key, older_than_days=filters.days))
    return render("admin/changes.html", filters=filters, page=page, **_labels())


@bp.route("/changes/<int:report_id>", methods=["GET", "POST"])
@needs_role("officer")
def change(report_id: int):
    report, claim, account, landlord = queries.report_or_404(report_id)
    form = StatusForm(data={"status": report.status, "reply": report.council_reply})
    reporter = db.session.get(User, report.reported_by_id)
    if form.validate_on_submit():
        emailed = decide(report, status=form.status.data, reply=form.reply.data, reporter=reporter)
        told = "We have e-mailed the landlord to read your note." if emailed else "The landlord can see your note."
        flash(f"{report.reference} is now ‘{CHANGE_STATUSES[report.status]}’. {told}", "success")
        return redirect(url_for("admin.changes"), 303)
    if request.method == "GET":
        audit.record_view(CHANGE_REPORT_VIEWED, object_type="change_report", object_ref=report.reference,
                          detail=f"claim {claim.reference}")
    return render("admin/changes_show.html", report=report, claim=claim, account=account, landlord=landlord,
                  reporter=reporter, form=form, **_labels())
