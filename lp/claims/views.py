"""Claims views: the search, a claim's page and its tabs (entitlements, payments, letters), and their CSVs."""
from __future__ import annotations

from flask import g, redirect, request
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import CLAIM_EXPORTED, CLAIM_VIEWED, CLAIMS_EXPORTED
from lp.claims import bp
from lp.claims.downloads import (
    CLAIM_HEADER,
    ENTITLEMENT_HEADER,
    PAYMENT_HEADER,
    claim_rows,
    entitlement_rows,
    payment_rows,
)
from lp.claims.forms import ClaimSearchForm
from lp.claims.queries import (
    CLAIM_SORTS,
    claim_count,
    claim_for,
    claims_for,
    entitlements_for,
    payment_lines_for,
)
from lp.daterange import DateRangeForm
from lp.exports import csv_response
from lp.extensions import db
from lp.htmx import render
from lp.letters.forms import LetterFilterForm
from lp.letters.queries import LETTER_HEADER, letter_rows, letter_types_for, letters_for
from lp.paging import described, paginate, sort_order
from lp.render_cache import kept_until_next_load
from lp.routing import url_with
from lp.scoping import account_references_for


@bp.context_processor
def helpers():
    return {"described": described}


def _search():
    """The search form and the claims it asks for (None while the form has errors)."""
    form = ClaimSearchForm()
    sort, direction = sort_order(CLAIM_SORTS, "surname")
    if not form.validate():
        return form, None, sort, direction
    claims = claims_for(g.landlord_id, user_id=current_user.id, sort=sort, direction=direction, **form.filters())
    return form, claims, sort, direction


@bp.get("/claims")
@needs("view_claims")
@kept_until_next_load
def index():
    form, claims, sort, direction = _search()
    page = paginate(claims, scalars=True, total=claim_count(g.landlord_id, user_id=current_user.id, **form.filters())
                    ) if claims is not None else None
    return render("claims/index.html", form=form, page=page, sort=sort, direction=direction,
                  accounts=account_references_for(g.landlord_id))


@bp.get("/claims.csv")
@needs("view_claims")
def export():
    form, claims, _, _ = _search()
    if claims is None:
        return redirect(url_with(".index"), 303)  # the page says what to correct
    audit.record_and_commit(CLAIMS_EXPORTED, object_type="claims", detail=f"claims.csv {form.filter_names()}".strip())
    return csv_response("claims.csv", CLAIM_HEADER, claim_rows(claims))


def _viewed_claim(reference: str, tab: str):
    """The landlord's claim (404 otherwise), its viewing audited."""
    claim = claim_for(g.landlord_id, reference)
    audit.record_view(CLAIM_VIEWED, object_type="claim", object_ref=claim.reference, detail=tab)
    return claim


def _entitlements_page(reference: str):
    claim = _viewed_claim(reference, "entitlements")
    form = DateRangeForm()
    direction = "asc" if request.args.get("dir") == "asc" else "desc"
    rows = None
    if form.validate():
        rows = list(db.session.scalars(entitlements_for(claim, start=form.start, end=form.end, direction=direction)))
    return render("claims/show.html", claim=claim, tab="entitlements", form=form, entitlements=rows,
                  direction=direction)


@bp.get("/claims/<reference>")
@needs("view_claims")
@kept_until_next_load
def show(reference):
    """The claim's page opens on its entitlements."""
    return _entitlements_page(reference)


@bp.get("/claims/<reference>/entitlements")
@needs("view_claims")
@kept_until_next_load
def entitlements(reference):
    return _entitlements_page(reference)


@bp.get("/claims/<reference>/payments")
@needs("view_claims")
@kept_until_next_load
def payments(reference):
    claim = _viewed_claim(reference, "payments")
    form = DateRangeForm()
    page = None
    if form.validate():
        page = paginate(payment_lines_for(g.landlord_id, claim, start=form.start, end=form.end))
    return render("claims/show.html", claim=claim, tab="payments", form=form, page=page)


@bp.get("/claims/<reference>/letters")
@needs("view_claims")
@needs("view_letters")
@kept_until_next_load
def letters(reference):
    claim = _viewed_claim(reference, "letters")
    form = LetterFilterForm(letter_types_for(g.landlord_id))
    page = paginate(_claim_letters(claim, form)) if form.validate() else None
    return render("claims/show.html", claim=claim, tab="letters", form=form, page=page)


def _claim_letters(claim, form: LetterFilterForm):
    return letters_for(g.landlord_id, current_user.id, claim_id=claim.id, letter_type=form.letter_type.data,
                       start=form.start, end=form.end, unread_only=form.unread.data)


@bp.get("/claims/<reference>/letters.csv")
@needs("view_claims")
@needs("view_letters")
def letters_csv(reference):
    claim = claim_for(g.landlord_id, reference)
    form = LetterFilterForm(letter_types_for(g.landlord_id))
    if not form.validate():
        return redirect(url_with(".letters", reference=claim.reference), 303)
    _audit_export(claim, "letters.csv", form)
    return csv_response(f"letters-{claim.reference}.csv", LETTER_HEADER, letter_rows(_claim_letters(claim, form)))


@bp.get("/claims/<reference>/entitlements.csv")
@needs("view_claims")
def entitlements_csv(reference):
    claim = claim_for(g.landlord_id, reference)
    form = DateRangeForm()
    if not form.validate():
        return redirect(url_with(".entitlements", reference=claim.reference), 303)
    direction = "asc" if request.args.get("dir") == "asc" else "desc"
    _audit_export(claim, "entitlements.csv", form)
    rows = entitlement_rows(claim, entitlements_for(claim, start=form.start, end=form.end, direction=direction))
    return csv_response(f"entitlements-{claim.reference}.csv", ENTITLEMENT_HEADER, rows)


@bp.get("/claims/<reference>/payments.csv")
@needs("view_claims")
def payments_csv(reference):
    claim = claim_for(g.landlord_id, reference)
    form = DateRangeForm()
    if not form.validate():
        return redirect(url_with(".payments", reference=claim.reference), 303)
    _audit_export(claim, "payments.csv", form)
    rows = payment_rows(claim, payment_lines_for(g.landlord_id, claim, start=form.start, end=form.end))
    return csv_response(f"claim-payments-{claim.reference}.csv", PAYMENT_HEADER, rows)


def _audit_export(claim, filename: str, form: DateRangeForm) -> None:
    dates = f"from={form.start.isoformat()} to={form.end.isoformat() if form.end else ''}"
    audit.record_and_commit(CLAIM_EXPORTED, object_type="claim", object_ref=claim.reference,
                            detail=f"{filename} {dates}")
