"""The landlord's dashboard at /: accounts at a glance, unread letters, suspended claims, messages."""
from flask import Blueprint, redirect
from flask_login import current_user

from lp.access import require_landlord

bp = Blueprint("dashboard", __name__)


@bp.before_request
def send_council_to_admin():
    """/ is every signed-in user's home: a council user's is the console."""
    if current_user.is_authenticated and current_user.is_council:
        return redirect("/admin", 303)
    return None


bp.before_request(require_landlord)

from lp.dashboard import views  # noqa: E402,F401
