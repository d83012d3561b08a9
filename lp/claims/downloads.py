"""The claims, entitlements and claim payments CSVs: their columns and rows, read a thousand at a time."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select

from lp.exports import Money, streamed
from lp.formats import one_line
from lp.models import Claim, Entitlement, LandlordAccount, Payment, PaymentLine

CLAIM_HEADER = [
    "Claim reference", "Landlord reference", "Tenant first name", "Tenant last name", "Rent reference",
    "Claim type", "HB status", "Suspended", "Suspension reason", "Address", "Postcode", "Property reference",
    "Weekly HB", "Weekly DHP", "Next payment (estimate)", "Next payment date", "Overpayment outstanding",
]
ENTITLEMENT_HEADER = ["Claim reference", "Type", "Start date", "End date", "Amount", "Frequency", "Calculated on"]
PAYMENT_HEADER = [
    "Claim reference", "Payment date", "Payment id", "HB", "DHP", "Adjustment", "Amount", "Period from",
    "Period to", "Rent reference", "Address",
]


def claim_rows(claims: Select) -> Iterator[tuple]:
    stmt = claims.with_only_columns(
        Claim.reference, LandlordAccount.reference, Claim.tenant_first_name, Claim.tenant_last_name,
        Claim.rent_reference, Claim.claim_type, Claim.status, Claim.suspended, Claim.suspension_reason,
        Claim.address, Claim.postcode, Claim.property_reference, Claim.weekly_hb_pence, Claim.weekly_dhp_pence,
        Claim.next_payment_pence, Claim.next_payment_date, Claim.overpayment_pence,
    )
    for row in streamed(stmt):
        yield (
            *row[:9], one_line(row.address), *row[10:12], Money(row.weekly_hb_pence),
            Money(row.weekly_dhp_pence), None if row.next_payment_pence is None else Money(row.next_payment_pence),
            row.next_payment_date, Money(row.overpayment_pence),
        )


def entitlement_rows(claim: Claim, entitlements: Select) -> Iterator[tuple]:
    stmt = entitlements.with_only_columns(
        Entitlement.kind, Entitlement.start_date, Entitlement.end_date, Entitlement.amount_pence,
        Entitlement.frequency, Entitlement.calculated_on,
    )
    for kind, start, end, amount, frequency, calculated in streamed(stmt):
        yield claim.reference, kind, start, end, Money(amount), frequency, calculated


def payment_rows(claim: Claim, lines: Select) -> Iterator[tuple]:
    stmt = lines.with_only_columns(
        Payment.paid_on, Payment.reference, PaymentLine.hb_pence, PaymentLine.dhp_pence,
        PaymentLine.adjustment_pence, PaymentLine.amount_pence, PaymentLine.period_from, PaymentLine.period_to,
        PaymentLine.rent_reference,
    )
    address = one_line(claim.address)
    for paid_on, payment, hb, dhp, adjustment, amount, period_from, period_to, rent in streamed(stmt):
        yield (claim.reference, paid_on, payment, Money(hb), Money(dhp), Money(adjustment), Money(amount),
               period_from, period_to, rent, address)
