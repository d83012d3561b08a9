"""The read-only remittance API (/api/v1): an organisation's own systems read its payments, claims
and letters with a bearer token, under exactly the scope, horizon and audit of the pages.

Two blueprints: `api` (the API itself, guarded by the token) and `api_tokens` (the team pages where a
user with "Manage API access" makes and revokes tokens, guarded like every landlord page).
"""
from flask import Blueprint

from lp.access import require_landlord
from lp.api.auth import api_headers, rate_limit_key, rate_limit_value, record_call, require_token
from lp.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(require_token)
bp.after_request(record_call)
bp.after_request(api_headers)
# A bearer token, never a cookie, proves who calls: no browser sends it on its own, so there is
# nothing for CSRF to forge (and the API only reads).
csrf.exempt(bp)
# Per token (by the hash of the bearer value): one busy system does not slow another organisation's.
limiter.limit(rate_limit_value, key_func=rate_limit_key)(bp)

tokens_bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")
tokens_bp.before_request(require_landlord)

from lp.api import docs, lists, tokens_views, views  # noqa: E402,F401

bp.before_request(lists.refuse_unknown_parameters)  # after the token: a stranger learns nothing
