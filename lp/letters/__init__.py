"""Letters: the landlord's notification letters across claims, unread first, and each letter's PDF."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("letters", __name__)
bp.before_request(require_landlord)

from lp.letters import views  # noqa: E402,F401
