"""My profile: any signed-in user's own name, e-mail, mobile, sign-in keys, alerts and password."""
from flask import Blueprint

from lp.access import require_signed_in

bp = Blueprint("profile", __name__, url_prefix="/profile")
bp.before_request(require_signed_in)

from lp.profile import views  # noqa: E402,F401
