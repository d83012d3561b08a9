"""Rent changes: upload a file (checked before anything is kept), preview it, send it, follow its status."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import RENT_CHANGE_TEMPLATE_EXPORTED, RENT_CHANGE_VIEWED
from lp.errors import Refused
from lp.exports import csv_response
from lp.horizon import today
from lp.htmx import render
from lp.models import RENT_CHANGE_STATUSES
from lp.paging import paginate
from lp.rent_changes import bp, queries, services
from lp.rent_changes.checks import CHECK_CHANGE_PERCENT, check_file, window
from lp.rent_changes.forms import SubmitForm, UploadForm
from lp.rent_changes.reading import FileRefused
from lp.routing import url_with
from lp.uploads import large_upload


@bp.context_processor
def helpers():
    return {"url_with": url_with, "statuses": RENT_CHANGE_STATUSES, "check_percent": CHECK_CHANGE_PERCENT,
            "limit_mb": current_app.config["LP_RENT_CHANGE_MAX_BYTES"] // (1024 * 1024)}


def _may_send_rent_changes() -> bool:
    return current_user.is_authenticated and not current_user.is_council and current_user.can("bulk_update_rents")


def _too_large():
    """A body over LP_RENT_CHANGE_MAX_BYTES: the form again, with the limit in its error (413)."""
    form = UploadForm(formdata=None)
    limit = current_app.config["LP_RENT_CHANGE_MAX_BYTES"] // (1024 * 1024)
    form.rents_file.errors = [f"The selected file must be smaller than {limit} MB: split it into smaller files"]
    g.landlord_id = current_user.landlord_id
    response = _index(form)
    response.status_code = 413
    return response


@bp.get("/rent-changes")
@needs("bulk_update_rents")
def index():
    return _index(UploadForm(formdata=None))


@bp.post("/rent-changes")
@large_upload("LP_RENT_CHANGE_MAX_BYTES", allowed=_may_send_rent_changes, too_large=_too_large)
@needs("bulk_update_rents")
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form)
    upload = form.rents_file.data
    try:
        checked = check_file(upload.read(), queries.claims_to_check(g.landlord_id), today())
    except FileRefused as refused:
        form.rents_file.errors = [str(refused)]
        return _index(form)
    if checked.errors.count:
        form.rents_file.errors = [f"The file has {checked.errors.count:,} "
                                  f"{'error' if checked.errors.count == 1 else 'errors'}: nothing has been kept. "
                                  "Correct the lines listed and upload the file again"]
        return _index(form, checked=checked)
    if not checked.lines:
        form.rents_file.errors = ["The file has no new rents: fill in new_rent and effective_date for each "
                                  "tenant whose rent changes"]
        return _index(form)
    draft = services.keep_draft(current_user._get_current_object(), upload.filename, checked)
    return redirect(url_for(".show", reference=draft.reference), 303)


@bp.get("/rent-changes/template.csv")
@needs("bulk_update_rents")
def template():
    audit.record_and_commit(RENT_CHANGE_TEMPLATE_EXPORTED, object_type="rent_change_template",
                            detail="rent-changes-template.csv")
    return csv_response("rent-changes-template.csv", queries.TEMPLATE_HEADER, queries.template_rows(g.landlord_id))


@bp.get("/rent-changes/<reference>")
@needs("bulk_update_rents")
def show(reference: str):
    rent_change = queries.rent_change_for(g.landlord_id, reference)
    return _show(rent_change, SubmitForm(rent_change, formdata=None))


@bp.post("/rent-changes/<reference>/submit")
@needs("bulk_update_rents")
def submit(reference: str):
    rent_change = queries.rent_change_for(g.landlord_id, reference)
    form = SubmitForm(rent_change)
    if rent_change.status != "draft":
        flash(f"{rent_change.reference} has already been sent to the council.")
        return redirect(url_for(".show", reference=reference), 303)
    if not form.validate_on_submit():
        return _show(rent_change, form)
    try:
        services.submit(current_user._get_current_object(), rent_change)
    except Refused as refused:  # sent by another request in the meantime
        flash(str(refused))
        return redirect(url_for(".show", reference=reference), 303)
    flash(f"Rent changes sent. Your reference is {rent_change.reference}.", "success")
    return redirect(url_for(".index"), 303)


@bp.post("/rent-changes/<reference>/discard")
@needs("bulk_update_rents")
def discard(reference: str):
    rent_change = queries.rent_change_for(g.landlord_id, reference)
    if rent_change.status == "draft":  # CSRFProtect has checked the form's token, as on every POST
        services.discard(rent_change)
        flash(f"{rent_change.filename} has been removed; nothing was sent.", "success")
    return redirect(url_for(".index"), 303)


def _index(form, checked=None):
    page = paginate(queries.submissions_for(g.landlord_id), scalars=True)
    earliest, latest = window(today())
    return render("rent_changes/index.html", form=form, page=page, checked=checked,
                  error_groups=_error_groups(checked), earliest=earliest, latest=latest)


def _show(rent_change, form):
    to_check = request.args.get("check") == "1"
    # Tenants' rents, line by line: a view of personal data, audited.
    audit.record_view(RENT_CHANGE_VIEWED, object_type="rent_change", object_ref=rent_change.reference)
    return render("rent_changes/show.html", rent_change=rent_change, form=form, to_check=to_check,
                  page=paginate(queries.lines_of(rent_change.id, to_check=to_check)),
                  page_title=("Error: " if form.errors else "") + f"Rent changes {rent_change.reference}")


def _error_groups(checked):
    """[(reason, count, [errors shown])] per kind of fault, as the extract's load report groups them."""
    if checked is None:
        return []
    errors, groups = checked.errors.report()
    out, start = [], 0
    for group in groups:
        out.append((group["reason"][:1].upper() + group["reason"][1:], group["count"],
                    errors[start:start + group["shown"]]))
        start += group["shown"]
    return out
