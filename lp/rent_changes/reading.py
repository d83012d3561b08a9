"""Reading an uploaded rent-change file as spreadsheets save it: its encoding, separator and columns.

Anything wrong with the file as a whole (a workbook, an encoding we cannot read, no header line)
is a FileRefused with the message the upload page shows; faults of single lines are for checks.py.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

from lp.errors import Refused

# The columns of docs/data-format.md, "Rent changes"; headers match without regard to case, spaces or "(£)".
COLUMNS = ("claim_reference", "rent_reference", "current_weekly_rent", "new_rent", "frequency",
           "service_charges", "effective_date")
REQUIRED = ("new_rent", "effective_date")
SEPARATORS = (",", ";", "\t")
MAX_LINES = 50_000  # far above the largest landlord's tenants on benefit in one council


class FileRefused(Refused):
    """The whole file cannot be read; nothing of it is kept. The message is for the landlord (one of lp's Refused)."""


def decode(data: bytes) -> str:
    """The file's text. Excel saves "CSV UTF-8" with a BOM and plain "CSV" in Windows-1252; both are read."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileRefused("The selected file is an Excel workbook, not a CSV file. In your spreadsheet, "
                          "choose ‘Save as’ and ‘CSV UTF-8 (comma delimited)’, then upload that file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise FileRefused("The selected file is not in a text encoding we can read. Save it as "
                                  "‘CSV UTF-8 (comma delimited)’ and upload it again") from None
    if "\x00" in text:
        raise FileRefused("The selected file must be a CSV file")
    return text.lstrip("\ufeff")


def column_key(header: str) -> str:
    """'Claim reference', 'claim_reference' and 'New rent (£)' -> claim_reference, new_rent."""
    words = re.sub(r"\(.*?\)|[£*]", " ", header.lower())
    return "_".join(re.sub(r"[^a-z0-9]+", " ", words).split())


def _separator(first_line: str) -> str:
    """The separator that makes the most known column names of the header line (Excel in much of
    Europe saves CSV with semicolons)."""
    def known(separator: str) -> int:
        cells = next(csv.reader([first_line], delimiter=separator), [])
        return len({column_key(cell) for cell in cells} & set(COLUMNS))
    best = max(SEPARATORS, key=known)
    if known(best) == 0:
        raise FileRefused("The first line of the file must name the columns, like "
                          "claim_reference,new_rent,frequency,service_charges,effective_date. "
                          "Download the template to start from")
    return best


def read_lines(text: str) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """({column: index}, (line number, cells) of every line after the header that is not blank)."""
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    if not first_line:
        raise FileRefused("The selected file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line))
    header = next(reader)
    while not any(cell.strip() for cell in header):
        header = next(reader)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(column_key(name), index)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise FileRefused(f"The file has no {' or '.join(missing)} column. Use the column names of the template")
    if "claim_reference" not in columns and "rent_reference" not in columns:
        raise FileRefused("The file needs a claim_reference or a rent_reference column. Use the column names "
                          "of the template")

    def lines():
        try:
            yield from _numbered(reader)
        except csv.Error:
            raise FileRefused(f"Line {reader.line_num} of the file cannot be read as CSV: check its quotes") from None

    def _numbered(reader):
        count = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_LINES:
                raise FileRefused(f"The file has more than {MAX_LINES:,} lines. Split it into smaller files")
            yield reader.line_num, [cell.strip() for cell in cells]

    return columns, lines()
