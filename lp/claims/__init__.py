"""Claims: search the landlord's claims, and a claim's details, entitlements, payments and letters."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("claims", __name__)
bp.before_request(require_landlord)

from lp.claims import views  # noqa: E402,F401
