"""Getting in: landlord sign-in with an online key, council sign-in with an authenticator app,
sign-out, activation, forgotten username and password. Two blueprints: `auth` and `admin_auth`."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
admin_bp = Blueprint("admin_auth", __name__, url_prefix="/admin")

from lp.auth import account_views, admin_views, views  # noqa: E402,F401
