"""Data loads (/admin/imports): upload the nightly extract, see past loads and one load's report.

The load runs inside the upload request (see services.load_upload): waitress has no request
time-out, the importer's one transaction makes it all or nothing, and nothing is left half done
when a process dies. A batch page still polls while a batch is running (a CLI load, or another
person's upload), with X-LP-Poll so polling does not keep the session alive.
"""
from __future__ import annotations

from flask import current_app, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from lp.access import needs_role, recent_sign_in
from lp.admin import bp
from lp.admin.imports import services
from lp.admin.imports.forms import UploadForm
from lp.extensions import db
from lp.htmx import render
from lp.imports.errors import grouped
from lp.models import ImportBatch
from lp.paging import paginate
from lp.routing import url_with
from lp.uploads import large_upload


def _may_load_data() -> bool:
    return getattr(current_user, "council_role", None) in ("data", "admin")


@bp.get("/imports")
@needs_role("data")
def imports():
    return _index(UploadForm(formdata=None))


@bp.post("/imports")
@large_upload("LP_MAX_UPLOAD_BYTES", allowed=_may_load_data, too_large=lambda: too_large())
@needs_role("data")
@recent_sign_in("load data")  # and back to this page, the list of loads
def upload_extract():
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form)
    batch = services.load_upload(form.extract.data, current_user._get_current_object())
    return redirect(url_for(".import_batch", batch_id=batch.id), 303)


@bp.get("/imports/<int:batch_id>")
@needs_role("data")
def import_batch(batch_id: int):
    batch = db.get_or_404(ImportBatch, batch_id)
    return render("admin/imports_show.html", batch=batch, error_groups=grouped(batch),
                  page_title=f"Data load {batch.id}")


def too_large():
    """A body over LP_MAX_UPLOAD_BYTES: the form again, with the limit in its error (413)."""
    form = UploadForm(formdata=None)
    limit = current_app.config["LP_MAX_UPLOAD_BYTES"] // (1024 * 1024)
    form.extract.errors = [f"The selected file must be smaller than {limit} MB"]
    response = _index(form)
    response.status_code = 413
    return response


def _index(form):
    batches = paginate(select(ImportBatch).order_by(ImportBatch.id.desc()), scalars=True)
    return render("admin/imports.html", form=form, batches=batches, running=services.load_running(),
                  url_with=url_with, limit_mb=current_app.config["LP_MAX_UPLOAD_BYTES"] // (1024 * 1024))
