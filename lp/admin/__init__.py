"""The council console (/admin): every page is for council users only; a landlord gets 404.

One blueprint, `admin`, for every console feature; each feature is a package here (views, forms,
queries, services), as the landlord features are, and its views add their routes to this blueprint,
so every endpoint is `admin.<view>`.
"""
from flask import Blueprint

from lp.access import require_council
from lp.admin import guard

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_council)
bp.record_once(guard.install)  # and no visitor but the council learns which console URLs exist

# Imported for their routes, after bp exists (each views module imports it).
from lp.admin.api_tokens import views as _api_tokens  # noqa: E402,F401
from lp.admin.audit import views as _audit  # noqa: E402,F401
from lp.admin.changes import views as _changes  # noqa: E402,F401
from lp.admin.imports import views as _imports  # noqa: E402,F401
from lp.admin.landlords import views as _landlords  # noqa: E402,F401
from lp.admin.messages import views as _messages  # noqa: E402,F401
from lp.admin.overview import views as _overview  # noqa: E402,F401
from lp.admin.registrations import views as _registrations  # noqa: E402,F401
from lp.admin.rent_changes import views as _rent_changes  # noqa: E402,F401
from lp.admin.tasks import views as _tasks  # noqa: E402,F401
from lp.admin.users import views as _users  # noqa: E402,F401
