"""The checks of an extract across its files and against what is already loaded (validate.Checker)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from lp.formats import decimal_money
from lp.imports.fields import CLAIMS, PAYMENT_LINES, PAYMENTS
from lp.models import Claim, LandlordAccount, Payment, PaymentLine

CHUNK = 500  # references per IN (...) query: well inside every database's parameter limit
# Kinds of error (Errors.add) that more than one check reports.
UNKNOWN_CLAIM = "claim_reference is not in claims.csv or already loaded"
OTHER_LANDLORD = "The claim is paid to another landlord reference than its payment"


class CrossChecks:
    """References to rows in other files or in the database, and payments against their lines.
    Mixed into validate.Checker, whose row checks gather what these look up."""

    def lookup(self, statement_for, references: set[str]) -> dict:
        found = {}
        for refs in _chunks(sorted(references)):
            found.update(self.connection.execute(statement_for(refs)).all())
        return found

    def check_references(self) -> None:
        loaded_accounts = self.lookup(
            lambda refs: select(LandlordAccount.reference, LandlordAccount.id).where(LandlordAccount.reference.in_(refs)),
            {ref for _, _, ref in self.account_refs})
        for file, line, ref in self.account_refs:
            if ref not in loaded_accounts:
                self.errors.add(file, line, "landlord_reference",
                                f"landlord_reference {ref} is not in accounts.csv or already loaded",
                                "landlord_reference is not in accounts.csv or already loaded")
        claim_refs = {ref for _, _, ref in self.claim_refs} | {claim for _, _, claim in self.line_refs}
        loaded_claims = self.lookup(
            lambda refs: select(Claim.reference, LandlordAccount.reference).join(Claim.account)
            .where(Claim.reference.in_(refs)), claim_refs - self.claim_account.keys())
        for file, line, ref in self.claim_refs:
            if ref not in loaded_claims:
                self.errors.add(file, line, "claim_reference", f"claim_reference {ref} is not in claims.csv or already loaded",
                                UNKNOWN_CLAIM)
        loaded_payments = self.lookup(
            lambda refs: select(Payment.reference, LandlordAccount.reference).join(Payment.account)
            .where(Payment.reference.in_(refs)), {p for _, p, _ in self.line_refs} - self.payment_account.keys())
        for line, payment, claim in self.line_refs:
            paid_to = self.payment_account.get(payment) or loaded_payments.get(payment)
            claim_paid_to = self.claim_account.get(claim) or loaded_claims.get(claim)
            if paid_to is None and PAYMENTS.file not in self.broken:
                self.errors.add(PAYMENT_LINES.file, line, "payment_id",
                                f"payment_id {payment} is not in payments.csv or already loaded",
                                "payment_id is not in payments.csv or already loaded")
            if claim_paid_to is None and CLAIMS.file not in self.broken:
                self.errors.add(PAYMENT_LINES.file, line, "claim_reference",
                                f"claim_reference {claim} is not in claims.csv or already loaded", UNKNOWN_CLAIM)
            if paid_to and claim_paid_to and paid_to != claim_paid_to:
                self.errors.add(PAYMENT_LINES.file, line, "claim_reference",
                                f"claim {claim} is paid to landlord reference {claim_paid_to}, "
                                f"not to payment {payment}'s {paid_to}", OTHER_LANDLORD)

    def check_payment_totals(self) -> None:
        """A payment's lines, in this extract and already loaded, add up to its amount."""
        if {PAYMENTS.file, PAYMENT_LINES.file} & self.broken:
            return
        touched = set(self.payment_amount) | set(self.payment_lines)
        loaded_amount, loaded_lines = self.loaded_lines(touched)
        for reference in sorted(touched - self.unsummable):
            if reference in self.payment_amount:
                (expected, line), file = self.payment_amount[reference], PAYMENTS.file
            elif reference in loaded_amount:
                expected, file, line = loaded_amount[reference], PAYMENT_LINES.file, self.payment_lines[reference][2]
            else:
                continue  # an unknown payment, already reported
            in_extract, numbers, _ = self.payment_lines.get(reference, (0, set(), 0))
            earlier = sum(p for n, p in loaded_lines.get(reference, {}).items() if n not in numbers)
            total = in_extract + earlier
            if not numbers and not earlier and reference not in loaded_lines:
                self.errors.add(file, line, "payment_id", f"payment {reference} has no lines in payment_lines.csv",
                                "The payment has no lines in payment_lines.csv")
            elif total != expected:
                self.errors.add(file, line, "amount",
                                f"payment {reference} is {decimal_money(expected)} but its lines add up to {decimal_money(total)}",
                                "The payment's amount is not the sum of its lines")


    def loaded_lines(self, touched: set[str]) -> tuple[dict[str, int], dict[str, dict[int, int]]]:
        """Loaded payments' amounts, and those of their loaded lines this extract does not replace.

        Per payment first the count and range of its line numbers: when the extract holds every
        number in that range (a re-sent payment, the usual case) no line need be fetched.
        """
        amounts: dict[str, int] = {}
        partial: list[str] = []
        for refs in _chunks(sorted(touched)):
            rows = self.connection.execute(
                select(Payment.reference, Payment.amount_pence, func.count(PaymentLine.id),
                       func.min(PaymentLine.line_number), func.max(PaymentLine.line_number))
                .outerjoin(PaymentLine, PaymentLine.payment_id == Payment.id)
                .where(Payment.reference.in_(refs)).group_by(Payment.id))
            for reference, amount, count, low, high in rows:
                amounts[reference] = amount
                numbers = self.payment_lines.get(reference, (0, set()))[1]
                if count and not (count == high - low + 1 and all(n in numbers for n in range(low, high + 1))):
                    partial.append(reference)
        lines: dict[str, dict[int, int]] = {}
        for refs in _chunks(partial):
            rows = self.connection.execute(
                select(Payment.reference, PaymentLine.line_number, PaymentLine.amount_pence)
                .join(PaymentLine, PaymentLine.payment_id == Payment.id).where(Payment.reference.in_(refs)))
            for reference, number, pence in rows:
                lines.setdefault(reference, {})[number] = pence
        return amounts, lines


def _chunks(items: list) -> Iterable[list]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]
