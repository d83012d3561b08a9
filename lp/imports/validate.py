"""Checking every row of an extract against docs/data-format.md, handing each row that checked to the loader
(load.py) as it goes: one read and parse of each file. The caller keeps the load only if nothing failed."""
from __future__ import annotations

from collections.abc import Iterable

from lp.imports.crosscheck import OTHER_LANDLORD, CrossChecks
from lp.imports.errors import Errors
from lp.imports.fields import ACCOUNTS, CLAIMS, ENTITLEMENTS, LETTERS, PAYMENT_LINES, PAYMENTS, REQUESTS, Table
from lp.imports.progress import bar
from lp.imports.reader import MAX_LETTER_BYTES, Extract
from lp.imports.rows import BadRow, read_rows


def validate(extract: Extract, connection, *, line_counts: dict[str, int], progress: bool, loader=None) -> Errors:
    """Every error of the extract. With a `loader` (load.Loader), each file's rows are written as they
    check, until the first error; the caller rolls the writes back if there is any error."""
    checker = Checker(extract, connection, line_counts, progress, loader)
    checker.run()
    return checker.errors


class Checker(CrossChecks):
    def __init__(self, extract: Extract, connection, line_counts: dict[str, int], progress: bool, loader=None):
        self.extract, self.connection, self.loader = extract, connection, loader
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
        self.check_requests()
        self.check_references()
        self.check_payment_totals()

    # -- reading --------------------------------------------------------------------------------
    def rows(self, table: Table) -> Iterable[tuple[int, dict]]:
        """Every row, a row with a bad cell too (a BadRow, without its bad cells): the checks
        below use what did read, so one pass reports every error of every row."""
        def report(line: int, column: str, reason: str, kind: str | None = None) -> None:
            if line == 1:
                self.broken.add(table.file)
            self.errors.add(table.file, line, column, reason, kind)

        screen = self.extract.control_files is None or table.file in self.extract.control_files
        writer = self.loader.writer(table) if self.loader is not None and not self.errors.count else None
        errors = self.errors
        with self.extract.open_text(table.file) as stream:
            total = max(self.line_counts.get(table.file, 1) - 1, 0)
            for line, row in bar(read_rows(stream, table, report, partial=True, screen=screen), total=total,
                                 desc=f"{'Loading' if writer else 'Checking'} {table.file}", enabled=self.progress):
                yield line, row
                # Back here once the caller's checks of the row are done: a good row is loaded, until
                # any error (nothing will be kept then).
                if writer is not None and not errors.count and type(row) is dict:
                    writer.add(row)
        if writer is not None and not errors.count:
            writer.close()

    def unique(self, seen: dict, key, file: str, line: int, column: str, label: str, kind: str) -> bool:
        first = seen.get(key)
        if first is not None:
            self.errors.add(file, line, column, f"{label} also appears on line {first}; it may appear once",
                            f"{kind} appears on more than one line; it may appear once")
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
        for line, row in self.rows(ACCOUNTS):
            if "landlord_reference" not in row:
                # Its bad cell is reported; the key still counts, so rows referring to it do not
                # each report a second, misleading error. Likewise in the other files.
                self.accounts.setdefault(row.raw["landlord_reference"], line)
                continue
            reference = row["landlord_reference"]
            if self.unique(self.accounts, reference, file, line, "landlord_reference",
                           f"landlord_reference {reference}", "The same landlord_reference"):
                self.accounts[reference] = line

    def check_claims(self) -> None:
        file, first_line = CLAIMS.file, {}
        for line, row in self.rows(CLAIMS):
            reference, landlord = _cell(row, "claim_reference"), _cell(row, "landlord_reference")
            if "claim_reference" not in row:
                self.claim_account.setdefault(reference, landlord)
                first_line.setdefault(reference, line)
            elif self.unique(first_line, reference, file, line, "claim_reference", f"claim_reference {reference}",
                             "The same claim_reference"):
                first_line[reference] = line
                self.claim_account[reference] = landlord
            if "landlord_reference" in row:
                self.account_ref(file, line, landlord)
            if row.get("suspended") and "suspension_reason" in row and not row["suspension_reason"]:
                self.errors.add(file, line, "suspension_reason", "suspension_reason is required when suspended is Y")
            if row.get("status") == "Ended" and "end_date" in row and not row["end_date"]:
                self.errors.add(file, line, "end_date", "end_date is required when status is Ended")
            self.order(file, line, row.get("start_date"), row.get("end_date"), "start_date", "end_date")

    def check_payments(self) -> None:
        file, first_line = PAYMENTS.file, {}
        for line, row in self.rows(PAYMENTS):
            reference, landlord = _cell(row, "payment_id"), _cell(row, "landlord_reference")
            if "landlord_reference" in row:
                self.account_ref(file, line, landlord)
            if "payment_id" not in row:
                self.payment_account.setdefault(reference, landlord)
                self.unsummable.add(reference)
                continue
            if not self.unique(first_line, reference, file, line, "payment_id", f"payment_id {reference}",
                               "The same payment_id"):
                continue
            first_line[reference] = line
            self.payment_account[reference] = landlord
            if "amount" in row:  # a bad date or status does not stop its lines being added up
                self.payment_amount[reference] = (row["amount"], line)
            else:
                self.unsummable.add(reference)

    def check_lines(self) -> None:
        file = PAYMENT_LINES.file
        for line, row in self.rows(PAYMENT_LINES):
            if type(row) is not dict:  # a BadRow, rare: the same checks on what did read
                self.check_bad_line(line, row)
                continue
            # The usual row, 1M of them a night: plain indexing, no more work than the checks need.
            payment, number = row["payment_id"], row["line_number"]
            self.order(file, line, row["period_from"], row["period_to"], "period_from", "period_to")
            if row["hb"] + row["dhp"] + row["adjustment"] != row["amount"]:
                self.errors.add(file, line, "amount", "amount must equal hb + dhp + adjustment")
            if self.count_line(line, payment, number, row["amount"]):
                self.line_paid_to(line, payment, row["claim_reference"])

    def check_bad_line(self, line: int, row: BadRow) -> None:
        file, payment, number = PAYMENT_LINES.file, _cell(row, "payment_id"), row.get("line_number")
        self.order(file, line, row.get("period_from"), row.get("period_to"), "period_from", "period_to")
        money = [row.get(name) for name in ("hb", "dhp", "adjustment", "amount")]
        if None not in money and sum(money[:3]) != money[3]:
            self.errors.add(file, line, "amount", "amount must equal hb + dhp + adjustment")
        if "payment_id" not in row:
            self.unsummable.add(payment)
            return
        if number is None or money[3] is None:
            self.unsummable.add(payment)
        elif not self.count_line(line, payment, number, money[3]):
            return
        if "claim_reference" in row:
            self.line_paid_to(line, payment, row["claim_reference"])

    def count_line(self, line: int, payment: str, number: int, pence: int) -> bool:
        """Add a line to its payment's total; False (reported) when its number is taken."""
        entry = self.payment_lines.get(payment)
        if entry is None:
            entry = self.payment_lines[payment] = [0, set(), line]
        elif number in entry[1]:
            self.errors.add(PAYMENT_LINES.file, line, "line_number", f"line {number} of payment {payment} appears more than once",
                            "The same line_number appears more than once in a payment")
            return False
        entry[1].add(number)
        entry[0] += pence
        return True

    def line_paid_to(self, line: int, payment: str, claim: str) -> None:
        """A line's claim is paid to its payment's landlord reference (here, or at the end for
        references into the database)."""
        paid_to = self.payment_account.get(payment)
        claim_paid_to = self.claim_account.get(claim)
        if paid_to is not None and claim_paid_to is not None:
            if paid_to != claim_paid_to:
                self.errors.add(PAYMENT_LINES.file, line, "claim_reference",
                                f"claim {claim} is paid to landlord reference {claim_paid_to}, "
                                f"not to payment {payment}'s {paid_to}", OTHER_LANDLORD)
        elif not ((paid_to is None and PAYMENTS.file in self.broken)
                  or (claim_paid_to is None and CLAIMS.file in self.broken)):
            self.line_refs.append((line, payment, claim))

    def check_entitlements(self) -> None:
        file, first_line = ENTITLEMENTS.file, {}
        for line, row in self.rows(ENTITLEMENTS):
            self.order(file, line, row.get("start_date"), row.get("end_date"), "start_date", "end_date")
            if "claim_reference" in row:
                self.claim_ref(file, line, row["claim_reference"])
            key = (row.get("claim_reference"), row.get("type"), row.get("start_date"))
            if None not in key and self.unique(first_line, key, file, line, "start_date",
                                               f"{key[1]} entitlement of claim {key[0]} starting {key[2]}",
                                               "The same claim_reference, type and start_date"):
                first_line[key] = line

    def check_letters(self) -> None:
        file, first_line = LETTERS.file, {}
        for line, row in self.rows(LETTERS):
            if "letter_id" in row:
                reference = row["letter_id"]
                if not self.unique(first_line, reference, file, line, "letter_id", f"letter_id {reference}",
                                   "The same letter_id"):
                    continue
                first_line[reference] = line
            if "claim_reference" in row:
                self.claim_ref(file, line, row["claim_reference"])
            problem = self.letter_problem(row["file"]) if "file" in row else None
            if problem:
                self.errors.add(file, line, "file", *problem)

    def check_requests(self) -> None:
        file, first_line = REQUESTS.file, {}
        if file not in self.extract:  # optional: an extract without requests has none tonight
            return
        for line, row in self.rows(REQUESTS):
            if "request_id" in row:
                reference = row["request_id"]
                if reference.upper().startswith("LP-"):  # the console's own requests are LP-000123
                    self.errors.add(file, line, "request_id", f"request_id {reference} starts with LP-, kept for "
                                    "requests raised in the console", "request_id starts with LP-")
                elif self.unique(first_line, reference, file, line, "request_id", f"request_id {reference}",
                                 "The same request_id"):
                    first_line[reference] = line
            if "claim_reference" in row:
                self.claim_ref(file, line, row["claim_reference"])
            self.order(file, line, row.get("raised_on"), row.get("due_on"), "raised_on", "due_on")

    def letter_problem(self, name: str) -> tuple[str, str] | None:
        """(reason, kind) when the letter's file cannot be loaded."""
        if not name.startswith("letters/") or name not in self.extract:
            return f"file {name} is not a file under letters/ in this extract", "file is not a file under letters/ in this extract"
        if self.extract.size(name) > MAX_LETTER_BYTES:
            return f"file {name} is larger than 5 MB", "file is larger than 5 MB"
        with self.extract.open_bytes(name) as stream:
            if stream.read(5) != b"%PDF-":
                return f"file {name} is not a PDF", "file is not a PDF"
        return None


def _cell(row: dict, name: str):
    """A cell's value, or the text of a cell that did not read (for keys: counted as present)."""
    return row[name] if name in row else row.raw[name]
