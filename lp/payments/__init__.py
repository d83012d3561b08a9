"""Payments: the organisation's payments, each one's per-tenant breakdown, and their CSV exports."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("payments", __name__)
bp.before_request(require_landlord)

from lp.payments import views  # noqa: E402,F401
