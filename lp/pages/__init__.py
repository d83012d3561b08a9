"""Public pages every service has: accessibility, privacy, cookies, and the health check."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from lp.pages import views  # noqa: E402,F401
