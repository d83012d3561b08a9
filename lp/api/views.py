"""The API's reads. Each calls the feature's own scoped query (lp/payments, lp/claims, lp/letters),
so a token sees exactly what its organisation's pages show: its own accounts, nothing past the horizon."""
from __future__ import annotations

import re
from datetime import date

from flask import Response, abort, g, request
from sqlalchemy import and_, or_
from sqlalchemy.orm import contains_eager

from lp.api import bp, shapes
from lp.api.auth import audited, token_needs
from lp.api.lists import (
    BadRequest,
    bad_request,
    decode_cursor,
    encode_cursor,
    invalid,
    json_list,
    list_etag,
    not_modified,
    page_size,
)
from lp.claims.forms import ClaimSearchForm
from lp.claims.queries import claim_for, claims_for, entitlements_for
from lp.extensions import db
from lp.freshness import data_as_at
from lp.horizon import horizon_date
from lp.letters.queries import letter_for, letter_pdf, letters_for
from lp.models import Claim, Letter, Payment
from lp.payments.queries import accounts_for, breakdown_of, payment_for, payments_for, totals

LINES_PER_PAGE = 1000  # a housing association's payment has thousands of tenant lines
NOBODY = 0  # a token is not a user: no letter counts as read by it
MAX_ID = 2**31 - 1  # ids are 32-bit: a cursor holding a larger one is garbled


def _reference_or_404(value: str) -> str:
    return value if len(value) <= 20 and "\x00" not in value else abort(404)


def _date(name: str) -> date | None:
    if name not in request.args:
        return None
    value = request.args[name]
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise invalid(name, "Enter a real date as YYYY-MM-DD, for example 2026-04-01")


def _date_range() -> tuple[date | None, date | None]:
    start, end = _date("from"), _date("to")
    if start and end and start > end:
        raise invalid("to", "The date ‘to’ must be the same as or after ‘from’")
    return start, end


def _keyset(values, *kinds: type) -> list:
    """The cursor's values as the types the list wrote (a date as text); 400 for anything else."""
    try:
        parsed = [date.fromisoformat(v) if kind is date else v for v, kind in zip(values, kinds, strict=True)]
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or any(kind is not date and not isinstance(v, kind) or kind is int and not 0 <= v <= MAX_ID
                             for v, kind in zip(parsed, kinds, strict=True)):
        raise invalid("cursor", "Use the next_cursor of the page before, unchanged")
    return parsed


@bp.get("/status")
def status():
    """How fresh the data is; any live token may ask."""
    audited("status")
    as_at = data_as_at()  # when the last extract loaded, and the last day its data covers
    return {"data_as_at": shapes.iso(as_at.loaded_at if as_at else None),
            "data_runs_to": shapes.iso(as_at.runs_to if as_at else None),
            "horizon": horizon_date().isoformat(), "version": "1"}


@bp.get("/accounts")
@token_needs("view_payments")
def accounts():
    audited("accounts")
    etag = list_etag()
    return not_modified(etag) or json_list([shapes.account(a) for a in accounts_for(g.landlord_id)], None, etag)


@bp.get("/payments")
@token_needs("view_payments")
def payments():
    try:
        limit, after, (start, end) = page_size(), decode_cursor(2), _date_range()
        keyset = _keyset(after, date, int) if after else None
    except BadRequest as error:
        return bad_request(error)
    account_id = None
    if request.args.get("account"):
        owned = {a.reference: a.id for a in accounts_for(g.landlord_id)}
        account_id = owned.get(request.args["account"]) or abort(404)
    audited("payments", detail=" ".join(k for k in ("account", "from", "to", "cursor") if request.args.get(k)))
    etag = list_etag()
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    stmt = payments_for(g.landlord_id, account_id=account_id, start=start, end=end)
    if keyset:
        paid_on, payment_id = keyset
        stmt = stmt.where(or_(Payment.paid_on < paid_on, and_(Payment.paid_on == paid_on, Payment.id < payment_id)))
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = rows[limit] if len(rows) > limit else None
    cursor = encode_cursor(rows[limit - 1].paid_on.isoformat(), rows[limit - 1].id) if more else None
    return json_list([shapes.payment(p) for p in rows[:limit]], cursor, etag, horizon=horizon_date().isoformat())


@bp.get("/payments/<int:payment_id>")
@token_needs("view_payments")
def payment(payment_id: int):
    try:
        limit, after = page_size(LINES_PER_PAGE, LINES_PER_PAGE), decode_cursor(1)
        (line_after,) = _keyset(after, int) if after else (0,)
    except BadRequest as error:
        return bad_request(error)
    found = payment_for(g.landlord_id, payment_id)
    audited("payment", found.reference, "lines" + (" cursor" if after else ""))
    rows = breakdown_of(found, after=line_after, limit=limit)
    cursor = encode_cursor(rows[limit - 1][0].line_number) if len(rows) > limit else None
    return {**shapes.payment(found), "totals": shapes.totals(totals(found)),
            "lines": [shapes.line(pl, c) for pl, c in rows[:limit]], "next_cursor": cursor}


@bp.get("/claims")
@token_needs("view_claims")
def claims():
    form = ClaimSearchForm()
    try:
        limit, after = page_size(), decode_cursor(1)
        after = _keyset(after, str) if after else None
        if request.args.get("suspended", "") not in ("", "true", "false", "1", "0"):
            raise invalid("suspended", "Use true or false")
        if not form.validate():
            raise BadRequest([{"parameter": form[name].name, "message": messages[0]}
                              for name, messages in form.errors.items()])
    except BadRequest as error:
        return bad_request(error)
    audited("claims", detail=form.filter_names())
    etag = list_etag()
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    filters = {**form.filters(), "unread_since": None}
    stmt = claims_for(g.landlord_id, user_id=NOBODY, sort="reference", **filters).options(contains_eager(Claim.account))
    if after:
        stmt = stmt.where(Claim.reference > str(after[0]))
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    cursor = encode_cursor(rows[limit - 1].reference) if len(rows) > limit else None
    return json_list([shapes.claim(c) for c in rows[:limit]], cursor, etag, horizon=horizon_date().isoformat())


@bp.get("/claims/<reference>")
@token_needs("view_claims")
def claim(reference: str):
    found = claim_for(g.landlord_id, _reference_or_404(reference))
    audited("claim", found.reference, "entitlements")
    entitlements = db.session.scalars(entitlements_for(found, start=horizon_date(), end=None))
    return {**shapes.claim(found), "entitlements": [shapes.entitlement(e) for e in entitlements]}


@bp.get("/letters")
@token_needs("view_letters")
def letters():
    try:
        limit, after, (start, end) = page_size(), decode_cursor(2), _date_range()
        keyset = _keyset(after, date, str) if after else None
    except BadRequest as error:
        return bad_request(error)
    claim_id = claim_for(g.landlord_id, _reference_or_404(request.args["claim"])).id if request.args.get("claim") else None
    audited("letters", detail=" ".join(k for k in ("claim", "type", "from", "to", "cursor") if request.args.get(k)))
    etag = list_etag()
    if (unchanged := not_modified(etag)) is not None:
        return unchanged
    stmt = letters_for(g.landlord_id, NOBODY, claim_id=claim_id, letter_type=request.args.get("type") or None,
                       start=start, end=end)
    if keyset:
        sent_on, reference = keyset
        stmt = stmt.where(or_(Letter.sent_on < sent_on, and_(Letter.sent_on == sent_on, Letter.reference > str(reference))))
    rows = list(db.session.execute(stmt.limit(limit + 1)))
    cursor = encode_cursor(rows[limit - 1][0].sent_on.isoformat(), rows[limit - 1][0].reference) \
        if len(rows) > limit else None
    return json_list([shapes.letter(le, c) for le, c, _ in rows[:limit]], cursor, etag,
                     horizon=horizon_date().isoformat())


@bp.get("/letters/<int:letter_id>")
@token_needs("view_letters")
def letter(letter_id: int):
    found = letter_for(g.landlord_id, letter_id)
    audited("letter", found.reference)
    return shapes.letter(found, found.claim)


@bp.get("/letters/<int:letter_id>/pdf", endpoint="letter_pdf")
@token_needs("view_letters")
def letter_pdf_file(letter_id: int):
    found = letter_for(g.landlord_id, letter_id)
    audited("letter", found.reference, "pdf")
    response = Response(letter_pdf(found), mimetype="application/pdf")
    safe_name = re.sub(r"[^A-Za-z0-9_-]", "_", found.reference)
    response.headers["Content-Disposition"] = f'attachment; filename="letter-{safe_name}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
