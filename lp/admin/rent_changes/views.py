"""The council's rent changes: landlords' submissions, one submission's lines, the consolidated schedule
for the benefits system (every line not yet processed, of every landlord), and marking a submission processed."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs_role
from lp.admin import bp
from lp.admin.rent_changes import queries
from lp.audit_actions import RENT_CHANGE_SCHEDULE_EXPORTED, RENT_CHANGE_VIEWED
from lp.exports import csv_response
from lp.htmx import render
from lp.models import RENT_CHANGE_STATUSES
from lp.paging import paginate
from lp.rent_changes.checks import CHECK_CHANGE_PERCENT
from lp.rent_changes.queries import lines_of
from lp.rent_changes.services import mark_processed
from lp.routing import url_with


@bp.get("/rent-changes")
@needs_role("officer")
def rent_changes():
    status = "processed" if request.args.get("status") == "processed" else "submitted"
    return render("admin/rent_changes.html", page=paginate(queries.submissions(status)), status=status,
                  waiting=queries.waiting(), statuses=RENT_CHANGE_STATUSES, url_with=url_with)


@bp.get("/rent-changes/schedule.csv")
@needs_role("officer")
def rent_change_schedule():
    audit.record_and_commit(RENT_CHANGE_SCHEDULE_EXPORTED, object_type="rent_change_schedule",
                            detail="rent-change-schedule.csv", landlord_id=None)
    return csv_response("rent-change-schedule.csv", queries.SCHEDULE_HEADER, queries.schedule_rows)


@bp.get("/rent-changes/<int:rent_change_id>")
@needs_role("officer")
def rent_change(rent_change_id: int):
    rent_change, landlord = queries.submission_or_404(rent_change_id)
    audit.record_view(RENT_CHANGE_VIEWED, object_type="rent_change", object_ref=rent_change.reference)
    return render("admin/rent_changes_show.html", rent_change=rent_change, landlord=landlord,
                  page=paginate(lines_of(rent_change.id)), statuses=RENT_CHANGE_STATUSES, url_with=url_with,
                  check_percent=CHECK_CHANGE_PERCENT)


@bp.post("/rent-changes/<int:rent_change_id>/processed")
@needs_role("officer")
def process_rent_change(rent_change_id: int):
    rent_change, _ = queries.submission_or_404(rent_change_id)
    if rent_change.status == "submitted":
        mark_processed(current_user._get_current_object(), rent_change)
        flash(f"{rent_change.reference} is marked as processed. The landlord can see it is done.", "success")
    return redirect(url_for("admin.rent_changes"), 303)
