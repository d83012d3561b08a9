"""Team: an organisation's own users and permissions, invitations, and its access log."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("team", __name__, url_prefix="/team")
bp.before_request(require_landlord)

from lp.team import activity, views  # noqa: E402,F401
