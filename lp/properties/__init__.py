"""Properties (/properties): every property the landlord is paid for, its claims and payments, the
landlord's own reference and notes, and "I no longer own this property"."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("properties", __name__)
bp.before_request(require_landlord)

from lp.properties import views  # noqa: E402,F401
