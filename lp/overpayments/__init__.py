"""Overpayments: the organisation's claims with an overpayment outstanding and what has been taken back."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("overpayments", __name__)
bp.before_request(require_landlord)

from lp.overpayments import views  # noqa: E402,F401
