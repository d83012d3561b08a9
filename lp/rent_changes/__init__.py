"""Rent changes in bulk: a landlord uploads a CSV of new rents, checked line by line, previews it and sends it."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("rent_changes", __name__)
bp.before_request(require_landlord)

from lp.rent_changes import views  # noqa: E402,F401
