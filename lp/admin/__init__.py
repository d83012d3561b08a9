"""The council console (/admin): every page is for council users only; a landlord gets 404."""
from flask import Blueprint

from lp.access import require_council
from lp.admin import guard

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_council)
bp.record_once(guard.install)  # and no visitor but the council learns which console URLs exist

from lp.admin import (  # noqa: E402,F401
    api_tokens,
    audit,
    changes,  # noqa: E402,F401
    imports,
    landlords,
    messages,
    overview,
    registrations,  # noqa: E402,F401
    rent_changes,
    tasks,
    users,
)
