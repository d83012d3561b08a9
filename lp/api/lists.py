"""What every list of the API shares: a page size, an opaque cursor (keyset paging, so any page is
as fast as the first), and an ETag that changes only when an extract loads (or the horizon moves)."""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from flask import g, make_response, request
from sqlalchemy import func

from lp.api.openapi import PATHS
from lp.api.problems import problem
from lp.extensions import db
from lp.horizon import horizon_date
from lp.models import LandlordAccount
from lp.scoping import owned_accounts

DEFAULT_LIMIT, MAX_LIMIT = 50, 100


class BadRequest(Exception):
    """A query parameter is wrong: the view answers 400 with each mistake."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def invalid(parameter: str, message: str) -> BadRequest:
    return BadRequest([{"parameter": parameter, "message": message}])


def bad_request(error: BadRequest):
    return problem(400, "Your request has a mistake in it",
                   "; ".join(f"{e['parameter']}: {e['message']}" for e in error.errors), errors=error.errors)


def page_size(maximum: int = MAX_LIMIT, default: int = DEFAULT_LIMIT) -> int:
    if "limit" not in request.args:
        return default
    value = request.args["limit"]
    if not re.fullmatch(r"[0-9]{1,7}", value) or not 1 <= int(value) <= maximum:
        raise invalid("limit", f"Enter a whole number from 1 to {maximum}")
    return int(value)


def encode_cursor(*values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(arity: int) -> list | None:
    """The cursor's values (as the list endpoint wrote them), None on the first page, 400 if garbled."""
    value = request.args.get("cursor", "")
    if not value:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, binascii.Error):
        values = None
    if not isinstance(values, list) or len(values) != arity or not all(isinstance(v, str | int) for v in values):
        raise invalid("cursor", "Use the next_cursor of the page before, unchanged")
    return values


def list_etag() -> str:
    """The tag of this list: the last load, the organisation's accounts, the horizon and the query.
    Lists change only when one of those does, so a client that polls gets 304 until then."""
    # Imported here: lp.dashboard imported before lp.claims is a cycle (each imports the other's queries).
    from lp.freshness import data_as_at

    accounts = db.session.execute(owned_accounts(g.landlord_id, func.count(), func.max(LandlordAccount.updated_at))).one()
    seed = json.dumps([str(data_as_at()), list(accounts), str(horizon_date()), g.landlord_id, request.path,
                       sorted(request.args.items(multi=True))], default=str)
    return hashlib.sha256(seed.encode()).hexdigest()[:40]


def not_modified(etag: str):
    """The 304 answer when the caller already has this list, else None."""
    # A compressed answer's tag carries the coding ("tag:br", Flask-Compress): it is the same list.
    held = {(tag or "").partition(":")[0] for tag in request.if_none_match.as_set()} if request.if_none_match else set()
    if etag in held or request.if_none_match.star_tag:
        response = make_response("", 304)
        response.set_etag(etag)
        return response
    return None


def json_list(items: list[dict], next_cursor: str | None, etag: str, **meta):
    response = make_response({"data": items, "next_cursor": next_cursor, **meta})
    response.set_etag(etag)
    # Tenants' names: no HTTP cache may keep them, not even the caller's own (a browser, a caching
    # client library on disk). The caller's system may still keep the data and ask with If-None-Match.
    response.headers["Cache-Control"] = "no-store"
    return response


# Parameters the pages know but the API does not take, and why.
NOT_TAKEN = {"unread_since": "Unread letters are per person: the API does not filter by them"}


def refuse_unknown_parameters():
    """before_request: a query parameter the OpenAPI document does not name is a 400, so a typo
    (`form=` for `from=`) is not silently a list of everything."""
    if request.url_rule is None or request.blueprint != "api":
        return None
    template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.url_rule.rule.removeprefix("/api/v1"))
    operation = PATHS.get(template, {}).get("get")
    if operation is None:  # the document and its page take none
        return None
    known = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "query"}
    unknown = sorted(set(request.args) - known)
    if unknown:
        return bad_request(BadRequest([
            {"parameter": name, "message": NOT_TAKEN.get(name, "This address does not take this parameter: "
                                                                 "see the API docs")} for name in unknown]))
    return None
