"""Self-service registration: a landlord asks for an account; the council approves it by hand."""
from flask import Blueprint

bp = Blueprint("register", __name__)

from lp.register import views  # noqa: E402,F401
