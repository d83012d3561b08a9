"""The dashboard view: each section only for the permission it needs."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from lp.daily_messages import current_messages
from lp.dashboard import bp, queries
from lp.htmx import render
from lp.render_cache import council_notices, kept_until_next_load
from lp.tasks.queries import overdue_count


@bp.get("/")
@kept_until_next_load(vary=council_notices)
def index():
    """Every landlord user may see the dashboard; what is on it follows their permissions."""
    sections = {}
    if current_user.can("view_payments"):
        sections["accounts"] = queries.account_summaries(g.landlord_id)
    if current_user.can("view_letters"):
        sections["unread_letters"] = queries.unread_letter_count(g.landlord_id, current_user.id)
    if current_user.can("view_claims"):
        sections["suspended_claims"] = queries.suspended_claim_count(g.landlord_id)
    if current_user.can("provide_tenancy_details"):
        sections["overdue_requests"] = overdue_count(g.landlord_id)
    return render(
        "dashboard/index.html", organisation=queries.organisation(g.landlord_id),
        messages=current_messages(), page_title="Dashboard", **sections,
    )
