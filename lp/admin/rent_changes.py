"""The council's rent changes: landlords' submissions, one submission's lines, the consolidated schedule
for the benefits system (every line not yet processed, of every landlord), and marking a submission processed."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from lp import audit
from lp.access import needs_role
from lp.admin import bp
from lp.exports import Money, csv_response, streamed
from lp.extensions import db
from lp.htmx import render
from lp.models import RENT_CHANGE_STATUSES, Claim, Landlord, LandlordAccount, RentChange, RentChangeLine
from lp.paging import paginate
from lp.rent_changes.checks import CHECK_CHANGE_PERCENT
from lp.rent_changes.queries import lines_of
from lp.rent_changes.services import mark_processed
from lp.routing import url_with

SCHEDULE_HEADER = ["submission", "landlord_reference", "claim_reference", "rent_reference", "effective_date",
                   "rent", "frequency", "weekly_rent", "service_charges", "weekly_service_charges",
                   "previous_weekly_rent", "to_check", "submitted_at"]


@bp.get("/rent-changes")
@needs_role("officer")
def rent_changes():
    status = "processed" if request.args.get("status") == "processed" else "submitted"
    order = RentChange.submitted_at.desc() if status == "processed" else RentChange.submitted_at
    stmt = (select(RentChange, Landlord.name).join(Landlord, Landlord.id == RentChange.landlord_id)
            .where(RentChange.status == status).order_by(order, RentChange.id))
    waiting = db.session.execute(select(func.count(), func.coalesce(func.sum(RentChange.line_count), 0))
                                 .where(RentChange.status == "submitted")).one()
    return render("admin/rent_changes.html", page=paginate(stmt), status=status, waiting=waiting,
                  statuses=RENT_CHANGE_STATUSES, url_with=url_with)


@bp.get("/rent-changes/schedule.csv")
@needs_role("officer")
def rent_change_schedule():
    audit.record("export", object_type="rent_change_schedule", detail="rent-change-schedule.csv", landlord_id=None)
    db.session.commit()
    return csv_response("rent-change-schedule.csv", SCHEDULE_HEADER, _schedule_rows)


def _schedule_rows():
    stmt = (select(RentChange.reference, LandlordAccount.reference, Claim.reference, Claim.rent_reference,
                   RentChangeLine.effective_date, RentChangeLine.rent_pence, RentChangeLine.frequency,
                   RentChangeLine.weekly_rent_pence, RentChangeLine.service_charges_pence,
                   RentChangeLine.weekly_service_charges_pence, RentChangeLine.previous_weekly_rent_pence,
                   RentChangeLine.warning, RentChange.submitted_at)
            .join(RentChange, RentChange.id == RentChangeLine.rent_change_id)
            .join(Claim, Claim.id == RentChangeLine.claim_id)
            .join(LandlordAccount, LandlordAccount.id == Claim.account_id)
            .where(RentChange.status == "submitted")
            .order_by(RentChange.submitted_at, RentChange.id, RentChangeLine.line_number))
    for (submission, landlord_ref, claim_ref, rent_ref, effective, rent, frequency, weekly, charges,
         weekly_charges, previous, warning, submitted_at) in streamed(stmt):
        yield (submission, landlord_ref, claim_ref, rent_ref, effective, Money(rent), frequency, Money(weekly),
               Money(charges), Money(weekly_charges), None if previous is None else Money(previous),
               warning is not None, submitted_at)


@bp.get("/rent-changes/<int:rent_change_id>")
@needs_role("officer")
def rent_change(rent_change_id: int):
    rent_change, landlord = _submission_or_404(rent_change_id)
    audit.record("rent_change.viewed", object_type="rent_change", object_ref=rent_change.reference, landlord_id=None)
    db.session.commit()
    return render("admin/rent_changes_show.html", rent_change=rent_change, landlord=landlord,
                  page=paginate(lines_of(rent_change.id)), statuses=RENT_CHANGE_STATUSES, url_with=url_with,
                  check_percent=CHECK_CHANGE_PERCENT)


@bp.post("/rent-changes/<int:rent_change_id>/processed")
@needs_role("officer")
def process_rent_change(rent_change_id: int):
    rent_change, _ = _submission_or_404(rent_change_id)
    if rent_change.status == "submitted":
        mark_processed(current_user._get_current_object(), rent_change)
        flash(f"{rent_change.reference} is marked as processed. The landlord can see it is done.", "success")
    return redirect(url_for("admin.rent_changes"), 303)


def _submission_or_404(rent_change_id: int) -> tuple[RentChange, str]:
    """A submission sent to the council; a landlord's unsent draft is theirs alone (404)."""
    row = db.session.execute(select(RentChange, Landlord.name).join(Landlord, Landlord.id == RentChange.landlord_id)
                             .where(RentChange.id == rent_change_id, RentChange.status != "draft")).first()
    if row is None:
        abort(404)
    return tuple(row)
