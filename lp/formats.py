"""Money in pence and dates as people write them in the UK: one place for parsing and showing."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_MONEY = re.compile(r"^-?\d+\.\d{2}$")
_UK_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def format_money(pence: int | None) -> str:
    """£1,234.56 and −£11.40 (a real minus sign, read aloud correctly)."""
    if pence is None:
        return ""
    sign = "\u2212" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def decimal_money(pence: int) -> str:
    """1234.56 and -11.40: money for machines (CSV), no symbol, no separators."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def parse_money(text: str) -> int:
    """'1234.56' -> 123456. Exactly two decimals, as the extract format says; ValueError otherwise."""
    text = text.strip()
    if not _MONEY.match(text):
        raise ValueError("must be pounds with two decimals, like 1234.56")
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation as error:  # pragma: no cover - the pattern already rules this out
        raise ValueError("is not an amount of money") from error


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_uk_date(text: str) -> date:
    """'7/12/2026' or '07/12/2026' -> date(2026, 12, 7); ValueError with a plain reason otherwise."""
    match = _UK_DATE.match(text or "")
    if not match:
        raise ValueError("must be a real date, like 27/03/2026")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def address_lines(address: str | None) -> list[str]:
    """An address's lines, as the extract writes them: separated by "|" (or a line break)."""
    return [line.strip() for line in re.split(r"[|\n]", address or "") if line.strip()]


def one_line(address: str | None) -> str:
    """An address on one line (a CSV cell, the API, a caption): its lines joined by commas."""
    return ", ".join(address_lines(address))


def plural(count: int, singular: str, plural: str | None = None, *, number: bool = True) -> str:
    """'1 claim', '12 claims', '1,204 claims' (number=False: the word alone). The one place lp
    chooses between a singular and a plural, in pages and messages alike."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}" if number else word
