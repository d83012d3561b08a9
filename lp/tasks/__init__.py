"""The to-do list (/to-do): the council's requests to the landlord, answered on a form."""
from flask import Blueprint

from lp.access import require_landlord

bp = Blueprint("tasks", __name__)
bp.before_request(require_landlord)

from lp.tasks import views  # noqa: E402,F401
