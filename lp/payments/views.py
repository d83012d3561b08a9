"""Payments views: the list, a payment's breakdown (page or htmx fragment) and the CSV exports."""
from __future__ import annotations

from flask import g, redirect

from lp import audit
from lp.access import needs
from lp.audit_actions import PAYMENT_EXPORTED, PAYMENT_VIEWED, PAYMENTS_EXPORTED, PAYMENTS_SEARCHED
from lp.exports import csv_response
from lp.horizon import horizon_date, today
from lp.htmx import render
from lp.payments import bp, downloads, queries
from lp.payments.forms import PaymentFilterForm
from lp.render_cache import kept_until_next_load
from lp.routing import MAX_PAGE, query_int, url_with


def _filter_form() -> PaymentFilterForm:
    return PaymentFilterForm(queries.accounts_for(g.landlord_id))


def _filters(form: PaymentFilterForm) -> dict:
    return {"account_id": form.account_id, "start": form.start, "end": form.end, "text": form.searched}


def _audit_export(form: PaymentFilterForm, what: str) -> None:
    """An export is recorded with its range and account, never with what it contains."""
    detail = f"{what} from {form.start.isoformat()} to {(form.end or today()).isoformat()}"
    if form.account.data:
        detail += f", account {form.account.data}"
    if form.searched:
        detail += ", searched by tenant or reference"  # never what was typed: it may be a name
    audit.record_and_commit(PAYMENTS_EXPORTED, object_type="payments", detail=detail)


@bp.get("/payments")
@needs("view_payments")
@kept_until_next_load
def index():
    form = _filter_form()
    payments, pagination = [], None
    if not form.filtered:
        payments = queries.latest_payments(g.landlord_id)
    elif form.validate():
        if form.searched:  # which payments paid for a named tenant is personal data
            audit.record_view(PAYMENTS_SEARCHED, object_type="payments", detail="by tenant or reference")
        page = query_int("page", 1, maximum=MAX_PAGE)
        pagination = queries.page_of_payments(g.landlord_id, page=page, **_filters(form))
        payments = pagination.items
    return render("payments/index.html", form=form, payments=payments, pagination=pagination,
                  horizon=horizon_date(), today=today(), latest=queries.LATEST, url_with=url_with,
                  page_title="Payments")


@bp.get("/payments/<int:payment_id>")
@needs("view_payments")
@kept_until_next_load
def show(payment_id: int):
    payment = queries.payment_for(g.landlord_id, payment_id)
    audit.record_view(PAYMENT_VIEWED, object_type="payment", object_ref=payment.reference)
    after = query_int("after", 0, minimum=0)
    lines = queries.breakdown_of(payment, after=after)
    more, lines = len(lines) > queries.BREAKDOWN_PAGE, lines[:queries.BREAKDOWN_PAGE]
    # An htmx request (the amount chosen in the list) gets only the breakdown, whatever it targets.
    return render("payments/show.html", block="payment_breakdown", payment=payment, lines=lines,
                  totals=queries.totals(payment), after=after, more=more,
                  page_title=f"Payment {payment.reference}")


@bp.get("/payments.csv")
@needs("export_payments")
def export():
    form = _filter_form()
    if not form.validate():
        return redirect(url_with("payments.index"), 303)
    _audit_export(form, "payments")
    rows = downloads.payment_chunks(g.landlord_id, **_filters(form))
    return csv_response("payments.csv", downloads.PAYMENT_HEADER, chunks=rows)


@bp.get("/payments/lines.csv")
@needs("export_payments")
def export_lines():
    """The reconciliation export: every tenant line of every payment in the range, for finance."""
    form = _filter_form()
    if not form.validate():
        return redirect(url_with("payments.index"), 303)
    _audit_export(form, "tenant lines")
    rows = downloads.line_chunks(g.landlord_id, **_filters(form))
    return csv_response("payment-lines.csv", downloads.LINE_HEADER, chunks=rows)


@bp.get("/payments/<int:payment_id>.csv")
@needs("export_payments")
def export_breakdown(payment_id: int):
    payment = queries.payment_for(g.landlord_id, payment_id)
    audit.record_and_commit(PAYMENT_EXPORTED, object_type="payment", object_ref=payment.reference, detail="breakdown")
    rows = downloads.line_chunks(g.landlord_id, payment_id=payment.id)
    return csv_response(f"payment-{payment.reference}.csv", downloads.LINE_HEADER, chunks=rows)
