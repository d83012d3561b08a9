"""The audit log (/admin/audit): who did what, filtered and paginated newest first, and its CSV export."""
from __future__ import annotations

from lp import audit as audit_trail
from lp.access import needs_role
from lp.admin import bp
from lp.admin.audit import queries
from lp.admin.audit.forms import AuditFilterForm, retention_start
from lp.audit_actions import AUDIT_EXPORTED, AUDIT_VIEWED
from lp.exports import csv_response
from lp.htmx import render
from lp.paging import paginate
from lp.routing import url_with


@bp.get("/audit")
@needs_role("officer")
def audit():
    form = AuditFilterForm(queries.known_actions())
    form.validate()
    events = paginate(queries.events(form))
    audit_trail.record_view(AUDIT_VIEWED, object_type="audit",
                            detail=f"page {events.page} {_described(form)}".strip())
    return render("admin/audit.html", form=form, events=events, url_with=url_with,
                  oldest=retention_start(), page_title=("Error: " if form.errors else "") + "Audit log")


@bp.get("/audit.csv")
@needs_role("officer")
def audit_csv():
    form = AuditFilterForm(queries.known_actions())
    form.validate()
    audit_trail.record_and_commit(AUDIT_EXPORTED, object_type="audit", detail=f"audit.csv {_described(form)}".strip())
    return csv_response("audit.csv", queries.CSV_HEADER, queries.csv_rows(queries.events(form)))


def _described(form: AuditFilterForm) -> str:
    """The filters, for the audit trail of the audit log itself."""
    parts = {"person": form.person.data, "organisation": form.organisation.data, "action": form.action.data,
             "from": form.date_from.data, "to": form.date_to.data}
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)
