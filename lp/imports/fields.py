"""The files of the nightly extract, their columns, and how each cell is read (docs/data-format.md)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lp.validators import normal_postcode

Parser = Callable[[str], object]
MEMO_LIMIT = 50_000
_memos: list[dict] = []


def memo(parse: Parser) -> Parser:
    """Remember a parser's good results: an extract repeats the same dates, amounts and codes a
    million times. Bad values are not remembered. A remembered value costs one dict look-up in C
    (the bound __getitem__ of a dict whose __missing__ parses)."""
    cache = _Memo(parse)
    _memos.append(cache)
    return cache.__getitem__


class _Memo(dict):
    def __init__(self, parse: Parser):
        super().__init__()
        self.parse = parse

    def __missing__(self, value: str):
        result = self.parse(value)  # a ValueError (a bad value) propagates, and nothing is kept
        if len(self) < MEMO_LIMIT:
            self[value] = result
        return result


def forget() -> None:
    """Empty the parsers' memories (after an import, so a long-running server does not hold them)."""
    for cache in _memos:
        cache.clear()

MONEY = re.compile(r"-?\d{1,9}\.\d{2}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Outward code (A9, A99, A9A, AA9, AA99, AA9A), optional space, inward code (9AA). Deliberately a
# little looser than Royal Mail's rules, so a real but unusual postcode is never refused.
SORT_CODE = re.compile(r"(\d{2})-?(\d{2})-?(\d{2})")
LAST4 = re.compile(r"\d{4}")
REFERENCE = re.compile(r"[A-Za-z0-9-]+")
POSITIVE_INT = re.compile(r"[1-9]\d{0,8}")


def text(max_len: int | None = None, *, required: bool = True, pattern: re.Pattern | None = None,
         pattern_reason: str = "") -> Parser:
    def parse(value: str):
        if not value:
            if required:
                raise ValueError("is empty; a value is required")
            return None
        if max_len and len(value) > max_len:
            raise ValueError(f"is longer than {max_len} characters")
        if pattern and not pattern.fullmatch(value):
            raise ValueError(pattern_reason)
        return value
    return parse


def money(*, minimum: int | None = None, required: bool = True) -> Parser:
    def parse(value: str):
        if not value and not required:
            return None
        if not MONEY.fullmatch(value):
            raise ValueError("must be pounds and pence with two decimals and no symbol, like 1234.56")
        pence = int(value.replace(".", ""))
        if minimum is not None and pence < minimum:
            raise ValueError("must not be negative")
        return pence
    return memo(parse)


def a_date(*, required: bool = True) -> Parser:
    def parse(value: str):
        if not value:
            if required:
                raise ValueError("is empty; a date like 2026-11-23 is required")
            return None
        if not DATE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD, like 2026-11-23")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("is not a real date") from None
    return memo(parse)


def flag(value: str) -> bool:
    if value not in ("Y", "N"):
        raise ValueError("must be Y or N")
    return value == "Y"


def choice(*options: str) -> Parser:
    allowed = set(options)
    reason = "must be one of: " + ", ".join(options)

    def parse(value: str):
        if value not in allowed:
            raise ValueError(reason)
        return value
    return parse


@memo
def postcode(value: str) -> str:
    normalised = normal_postcode(value)
    if normalised is None:
        raise ValueError("is not a valid UK postcode")
    return normalised


@memo
def sort_code(value: str) -> str:
    match = SORT_CODE.fullmatch(value)
    if not match:
        raise ValueError("must be a sort code of six digits, like 20-00-00")
    return "-".join(match.groups())


@memo
def line_number(value: str) -> int:
    if not POSITIVE_INT.fullmatch(value):
        raise ValueError("must be a whole number, 1 or more")
    return int(value)


LAST4_TEXT = text(4, pattern=LAST4, pattern_reason="must be the last four digits of the account")
METHOD = choice("BACS", "Cheque")


@dataclass(frozen=True)
class Table:
    file: str
    columns: dict[str, Parser]
    key: tuple[str, ...]


ACCOUNTS = Table("accounts.csv", {
    "landlord_reference": text(20, pattern=REFERENCE, pattern_reason="may hold only letters, digits and -"),
    "name": text(200),
    "address": text(),
    "postcode": postcode,
    "sort_code": sort_code,
    "account_last4": LAST4_TEXT,
    "payment_method": METHOD,
}, key=("landlord_reference",))

CLAIMS = Table("claims.csv", {
    "claim_reference": text(20),
    "landlord_reference": text(20),
    "tenant_first_name": text(100),
    "tenant_last_name": text(100),
    "rent_reference": text(30),
    "claim_type": choice("Private", "Housing Association", "Supported", "Temporary"),
    "status": choice("Active", "Suspended", "Ended"),
    "suspended": flag,
    "suspension_reason": text(200, required=False),
    "address": text(),
    "postcode": postcode,
    "property_reference": text(30),
    "weekly_hb": money(minimum=0),
    "weekly_dhp": money(minimum=0),
    "next_payment_amount": money(required=False),
    "next_payment_date": a_date(required=False),
    "overpayment_outstanding": money(minimum=0),
    "start_date": a_date(),
    "end_date": a_date(required=False),
}, key=("claim_reference",))

PAYMENTS = Table("payments.csv", {
    "payment_id": text(20),
    "landlord_reference": text(20),
    "paid_on": a_date(),
    "payment_type": choice("HB", "DHP", "HB and DHP", "UCDHP"),
    "amount": money(),
    "method": METHOD,
    "sort_code": sort_code,
    "account_last4": LAST4_TEXT,
    "status": choice("Paid", "Returned", "Cancelled"),
}, key=("payment_id",))

PAYMENT_LINES = Table("payment_lines.csv", {
    "payment_id": text(20),
    "line_number": line_number,
    "claim_reference": text(20),
    "rent_reference": text(30),
    "hb": money(),
    "dhp": money(),
    "adjustment": money(),
    "amount": money(),
    "period_from": a_date(),
    "period_to": a_date(),
    "adjustment_reason": text(required=False),
}, key=("payment_id", "line_number"))

ENTITLEMENTS = Table("entitlements.csv", {
    "claim_reference": text(20),
    "type": choice("HB", "DHP"),
    "start_date": a_date(),
    "end_date": a_date(required=False),
    "amount": money(minimum=0),
    "frequency": choice("Weekly", "Four-weekly"),
    "calculated_on": a_date(),
}, key=("claim_reference", "type", "start_date"))

LETTERS = Table("letters.csv", {
    "letter_id": text(20),
    "claim_reference": text(20),
    "letter_type": text(60),
    "sent_on": a_date(),
    "file": text(300),
}, key=("letter_id",))

# The council's requests to landlords (their to-do list). Optional: an extract without it is as before.
REQUESTS = Table("requests.csv", {
    "request_id": text(20, pattern=REFERENCE, pattern_reason="may hold only letters, digits and -"),
    "claim_reference": text(20),
    "kind": choice("tenancy_details", "still_resident"),
    "raised_on": a_date(),
    "due_on": a_date(),
}, key=("request_id",))

# In the order they are checked and loaded: parents before the rows that refer to them.
TABLES = (ACCOUNTS, CLAIMS, PAYMENTS, PAYMENT_LINES, ENTITLEMENTS, LETTERS, REQUESTS)
OPTIONAL_FILES = frozenset({REQUESTS.file})
FILE_ORDER = {table.file: n for n, table in enumerate(TABLES)}
