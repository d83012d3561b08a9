"""Report a change: a landlord tells the council a tenant's circumstances changed, and follows the reports."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("changes", __name__)
bp.before_request(require_landlord)

from lp.changes import views  # noqa: E402,F401
