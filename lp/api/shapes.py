"""The API's JSON shapes: stable field names, money as integer pence with its currency, dates and
times as ISO 8601. openapi.py describes each; tests/api check every response against it."""
from __future__ import annotations

from datetime import date, datetime

from flask import url_for

from lp.formats import one_line

CURRENCY = "GBP"


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def account(a) -> dict:
    return {"reference": a.reference, "name": a.name, "address": one_line(a.address), "postcode": a.postcode,
            "sort_code": a.sort_code, "bank_account": a.masked_account, "payment_method": a.payment_method}


def payment(p) -> dict:
    return {"id": p.id, "reference": p.reference, "account_reference": p.account.reference,
            "paid_on": iso(p.paid_on), "payment_type": p.payment_type, "amount_pence": p.amount_pence,
            "currency": CURRENCY, "method": p.method, "sort_code": p.sort_code, "bank_account": p.masked_account,
            "status": p.status, "url": url_for("api.payment", payment_id=p.id)}


def line(pl, claim) -> dict:
    return {"line_number": pl.line_number, "claim_reference": claim.reference, "tenant_name": claim.tenant_name,
            "rent_reference": pl.rent_reference, "address": one_line(claim.address), "postcode": claim.postcode,
            "hb_pence": pl.hb_pence, "dhp_pence": pl.dhp_pence, "adjustment_pence": pl.adjustment_pence,
            "adjustment_reason": pl.adjustment_reason, "amount_pence": pl.amount_pence, "currency": CURRENCY,
            "period_from": iso(pl.period_from), "period_to": iso(pl.period_to)}


def totals(t: dict) -> dict:
    return {"lines": t["lines"], "hb_pence": t["hb"], "dhp_pence": t["dhp"], "adjustment_pence": t["adjustment"],
            "amount_pence": t["amount"], "currency": CURRENCY}


def claim(c) -> dict:
    return {"reference": c.reference, "account_reference": c.account.reference, "tenant_name": c.tenant_name,
            "tenant_first_name": c.tenant_first_name, "tenant_last_name": c.tenant_last_name,
            "rent_reference": c.rent_reference, "claim_type": c.claim_type, "status": c.status,
            "suspended": c.suspended, "suspension_reason": c.suspension_reason, "address": one_line(c.address),
            "postcode": c.postcode, "property_reference": c.property_reference,
            "weekly_hb_pence": c.weekly_hb_pence, "weekly_dhp_pence": c.weekly_dhp_pence,
            "next_payment_pence": c.next_payment_pence, "next_payment_date": iso(c.next_payment_date),
            "overpayment_pence": c.overpayment_pence, "currency": CURRENCY, "start_date": iso(c.start_date),
            "end_date": iso(c.end_date), "url": url_for("api.claim", reference=c.reference)}


def entitlement(e) -> dict:
    return {"kind": e.kind, "start_date": iso(e.start_date), "end_date": iso(e.end_date),
            "amount_pence": e.amount_pence, "currency": CURRENCY, "frequency": e.frequency,
            "calculated_on": iso(e.calculated_on)}


def letter(le, c) -> dict:
    return {"id": le.id, "reference": le.reference, "claim_reference": c.reference, "letter_type": le.letter_type,
            "sent_on": iso(le.sent_on), "url": url_for("api.letter", letter_id=le.id),
            "pdf_url": url_for("api.letter_pdf", letter_id=le.id)}
