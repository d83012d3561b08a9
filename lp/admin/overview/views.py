"""The council console's home (/admin): what is waiting, at a glance, each number linking to its page."""
from __future__ import annotations

from lp.access import needs_role
from lp.admin import bp
from lp.admin.overview.queries import figures
from lp.htmx import render


@bp.get("")
@needs_role("officer", "data")
def overview():
    return render("admin/overview.html", page_title="Overview", **figures())
