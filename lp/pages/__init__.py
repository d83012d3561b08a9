"""Public pages every service has: help, contact, accessibility, privacy, cookies, and the health check."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from lp.pages import support, views  # noqa: E402,F401
