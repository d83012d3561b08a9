"""Checking every row of an extract against docs/data-format.md before anything is loaded."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from lp.imports.errors import Errors, pounds
from lp.imports.fields import (
    ACCOUNTS,
    CLAIMS,
    ENTITLEMENTS,
    LETTERS,
    PAYMENT_LINES,
    PAYMENTS,
    Table,
    read_rows,
)
from lp.imports.progress import bar
from lp.imports.reader import MAX_LETTER_BYTES, Extract
from lp.models import Claim, LandlordAccount, Payment, PaymentLine

CHUNK = 500  # references per IN (...) query: well inside every database's parameter limit


def validate(extract: Extract, connection, *, line_counts: dict[str, int], progress: bool) -> Errors:
    checker = Checker(extract, connection, line_counts, progress)
    checker.run()
    return checker.errors


class Checker:
    def __init__(self, extract: Extract, connection, line_counts: dict[str, int], progress: bool):
        self.extract, self.connection = extract, connection
        self.line_counts, self.progress = line_counts, progress
        self.errors = Errors()
        self.broken: set[str] = set()  # files with a bad header: references into them go unchecked
        self.accounts: dict[str, int] = {}  # landlord reference -> line
        self.claim_account: dict[str, str] = {}  # claim reference -> landlord reference
        self.payment_account: dict[str, str] = {}
        self.payment_amount: dict[str, tuple[int, int]] = {}  # payment id -> (pence, line)
        self.payment_lines: dict[str, list] = {}  # payment id -> [sum pence, {line numbers}, first line]
        self.unsummable: set[str] = set()  # payments with a bad cell in them or a line: no total check
        # References to rows not in this extract, checked against the database at the end.
        self.account_refs: list[tuple[str, int, str]] = []  # (file, line, landlord reference)
        self.claim_refs: list[tuple[str, int, str]] = []  # (file, line, claim reference)
        self.line_refs: list[tuple[int, str, str]] = []  # (line, payment id, claim reference)

    def run(self) -> None:
        self.check_accounts()
        self.check_claims()
        self.check_payments()
        self.check_lines()
        self.check_entitlements()
        self.check_letters()
        self.check_references()
        self.check_payment_totals()

    # -- reading --------------------------------------------------------------------------------
    def rows(self, table: Table, bad_row=None) -> Iterable[tuple[int, dict]]:
        def report(line: int, column: str, reason: str) -> None:
            if line == 1:
                self.broken.add(table.file)
            self.errors.add(table.file, line, column, reason)

        with self.extract.open_text(table.file) as stream:
            total = max(self.line_counts.get(table.file, 1) - 1, 0)
            yield from bar(read_rows(stream, table, report, bad_row), total=total,
                           desc=f"Checking {table.file}", enabled=self.progress)

    def unique(self, seen: dict, key, file: str, line: int, column: str, label: str) -> bool:
        first = seen.get(key)
        if first is not None:
            self.errors.add(file, line, column, f"{label} also appears on line {first}; it may appear once")
            return False
        return True

    def account_ref(self, file: str, line: int, reference: str) -> None:
        if reference not in self.accounts and ACCOUNTS.file not in self.broken:
            self.account_refs.append((file, line, reference))

    def claim_ref(self, file: str, line: int, reference: str) -> None:
        if reference not in self.claim_account and CLAIMS.file not in self.broken:
            self.claim_refs.append((file, line, reference))

    def order(self, file: str, line: int, start, end, start_name: str, end_name: str) -> None:
        if start and end and end < start:
            self.errors.add(file, line, end_name, f"{end_name} must be on or after {start_name}")

    # -- each file ------------------------------------------------------------------------------
    def check_accounts(self) -> None:
        file = ACCOUNTS.file
        # A row with a bad cell has been reported; its key still counts, so rows referring to it
        # do not each report a second, misleading error. Likewise in the other files.
        def bad_row(line: int, cells: dict) -> None:
            self.accounts.setdefault(cells["landlord_reference"], line)

        for line, row in self.rows(ACCOUNTS, bad_row):
            reference = row["landlord_reference"]
            if self.unique(self.accounts, reference, file, line, "landlord_reference",
                           f"landlord_reference {reference}"):
                self.accounts[reference] = line

    def check_claims(self) -> None:
        file, first_line = CLAIMS.file, {}

        def bad_row(line: int, cells: dict) -> None:
            self.claim_account.setdefault(cells["claim_reference"], cells["landlord_reference"])
            first_line.setdefault(cells["claim_reference"], line)

        for line, row in self.rows(CLAIMS, bad_row):
            reference = row["claim_reference"]
            if not self.unique(first_line, reference, file, line, "claim_reference", f"claim_reference {reference}"):
                continue
            first_line[reference] = line
            self.claim_account[reference] = row["landlord_reference"]
            self.account_ref(file, line, row["landlord_reference"])
            if row["suspended"] and not row["suspension_reason"]:
                self.errors.add(file, line, "suspension_reason", "suspension_reason is required when suspended is Y")
            if row["status"] == "Ended" and not row["end_date"]:
                self.errors.add(file, line, "end_date", "end_date is required when status is Ended")
            self.order(file, line, row["start_date"], row["end_date"], "start_date", "end_date")

    def check_payments(self) -> None:
        file = PAYMENTS.file

        def bad_row(line: int, cells: dict) -> None:
            self.payment_account.setdefault(cells["payment_id"], cells["landlord_reference"])
            self.unsummable.add(cells["payment_id"])

        for line, row in self.rows(PAYMENTS, bad_row):
            reference = row["payment_id"]
            first = self.payment_amount.get(reference)
            if first is not None:
                self.errors.add(file, line, "payment_id", f"payment_id {reference} also appears on line {first[1]}; it may appear once")
                continue
            self.payment_amount[reference] = (row["amount"], line)
            self.payment_account[reference] = row["landlord_reference"]
            self.account_ref(file, line, row["landlord_reference"])

    def check_lines(self) -> None:
        file = PAYMENT_LINES.file
        payments_broken = PAYMENTS.file in self.broken
        claims_broken = CLAIMS.file in self.broken
        def bad_row(line: int, cells: dict) -> None:
            self.unsummable.add(cells["payment_id"])

        for line, row in self.rows(PAYMENT_LINES, bad_row):
            payment, number, claim = row["payment_id"], row["line_number"], row["claim_reference"]
            entry = self.payment_lines.get(payment)
            if entry is None:
                entry = self.payment_lines[payment] = [0, set(), line]
            elif number in entry[1]:
                self.errors.add(file, line, "line_number", f"line {number} of payment {payment} appears more than once")
                continue
            entry[1].add(number)
            entry[0] += row["amount"]
            if row["hb"] + row["dhp"] + row["adjustment"] != row["amount"]:
                self.errors.add(file, line, "amount", "amount must equal hb + dhp + adjustment")
            self.order(file, line, row["period_from"], row["period_to"], "period_from", "period_to")
            paid_to = self.payment_account.get(payment)
            claim_paid_to = self.claim_account.get(claim)
            if paid_to is not None and claim_paid_to is not None:
                if paid_to != claim_paid_to:
                    self.errors.add(file, line, "claim_reference",
                                    f"claim {claim} is paid to landlord reference {claim_paid_to}, "
                                    f"not to payment {payment}'s {paid_to}")
            elif not ((paid_to is None and payments_broken) or (claim_paid_to is None and claims_broken)):
                self.line_refs.append((line, payment, claim))

    def check_entitlements(self) -> None:
        file, first_line = ENTITLEMENTS.file, {}
        for line, row in self.rows(ENTITLEMENTS):
            key = (row["claim_reference"], row["type"], row["start_date"])
            if not self.unique(first_line, key, file, line, "start_date",
                               f"{row['type']} entitlement of claim {key[0]} starting {key[2]}"):
                continue
            first_line[key] = line
            self.claim_ref(file, line, row["claim_reference"])
            self.order(file, line, row["start_date"], row["end_date"], "start_date", "end_date")

    def check_letters(self) -> None:
        file, first_line = LETTERS.file, {}
        for line, row in self.rows(LETTERS):
            reference = row["letter_id"]
            if not self.unique(first_line, reference, file, line, "letter_id", f"letter_id {reference}"):
                continue
            first_line[reference] = line
            self.claim_ref(file, line, row["claim_reference"])
            reason = self.letter_problem(row["file"])
            if reason:
                self.errors.add(file, line, "file", reason)

    def letter_problem(self, name: str) -> str | None:
        if not name.startswith("letters/") or name not in self.extract:
            return f"file {name} is not a file under letters/ in this extract"
        if self.extract.size(name) > MAX_LETTER_BYTES:
            return f"file {name} is larger than 5 MB"
        with self.extract.open_bytes(name) as stream:
            if stream.read(5) != b"%PDF-":
                return f"file {name} is not a PDF"
        return None

    # -- across files and the database -----------------------------------------------------------
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
                                f"landlord_reference {ref} is not in accounts.csv or already loaded")
        claim_refs = {ref for _, _, ref in self.claim_refs} | {claim for _, _, claim in self.line_refs}
        loaded_claims = self.lookup(
            lambda refs: select(Claim.reference, LandlordAccount.reference).join(Claim.account)
            .where(Claim.reference.in_(refs)), claim_refs - self.claim_account.keys())
        for file, line, ref in self.claim_refs:
            if ref not in loaded_claims:
                self.errors.add(file, line, "claim_reference", f"claim_reference {ref} is not in claims.csv or already loaded")
        loaded_payments = self.lookup(
            lambda refs: select(Payment.reference, LandlordAccount.reference).join(Payment.account)
            .where(Payment.reference.in_(refs)), {p for _, p, _ in self.line_refs} - self.payment_account.keys())
        for line, payment, claim in self.line_refs:
            paid_to = self.payment_account.get(payment) or loaded_payments.get(payment)
            claim_paid_to = self.claim_account.get(claim) or loaded_claims.get(claim)
            if paid_to is None and PAYMENTS.file not in self.broken:
                self.errors.add(PAYMENT_LINES.file, line, "payment_id",
                                f"payment_id {payment} is not in payments.csv or already loaded")
            if claim_paid_to is None and CLAIMS.file not in self.broken:
                self.errors.add(PAYMENT_LINES.file, line, "claim_reference",
                                f"claim_reference {claim} is not in claims.csv or already loaded")
            if paid_to and claim_paid_to and paid_to != claim_paid_to:
                self.errors.add(PAYMENT_LINES.file, line, "claim_reference",
                                f"claim {claim} is paid to landlord reference {claim_paid_to}, "
                                f"not to payment {payment}'s {paid_to}")

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
            if total != expected:
                self.errors.add(file, line, "amount",
                                f"payment {reference} is {pounds(expected)} but its lines add up to {pounds(total)}")


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
