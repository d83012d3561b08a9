"""Reading an extract's CSV rows: each cell parsed by its column (fields.py), every bad cell reported."""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from lp.imports.fields import Table

# C0 controls but tab and line breaks, DEL, and C1 controls: never in a name or an address, and
# PostgreSQL cannot store a NUL. Read per line only in a file whose bytes hold one (reader.py).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BadRow(dict):
    """A row with a bad cell: the cells that read, by name (the bad ones are absent), and `raw`,
    every cell's text, so its key can still be counted as present."""

    def __init__(self, values: dict, raw: dict):
        super().__init__(values)
        self.raw = raw


def read_rows(stream, table: Table, report, *, partial: bool = False, screen: bool = False) -> Iterator[tuple[int, dict]]:
    """Yield (line, values) for each row whose every cell reads; report(line, column, reason[, kind])
    the rest, every bad cell of a row. With `partial`, a row with a bad cell is yielded too, as a
    BadRow, so the checks across columns and files still run on what did read. With `screen`,
    cells holding a control character are bad cells. A bad header is reported and the file yields nothing.
    """
    dirty: list[bool] = []
    reader = csv.reader(_watch(stream, dirty) if screen else stream, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        report(1, "", "The file is empty; it needs at least its header row")
        return
    except (csv.Error, UnicodeDecodeError):
        report(1, "", "The header row is not UTF-8 CSV")
        return
    problems = [(name, "Column is missing") for name in table.columns if name not in header]
    problems += [(name, "Column is not expected") for name in header if name not in table.columns]
    problems += [(name, "Column appears more than once") for name in set(header) if header.count(name) > 1]
    if problems:
        for column, reason in problems:
            report(1, column, reason)
        return
    parsers = [(name, table.columns[name]) for name in header]
    width = len(header)
    line = reader.line_num + 1
    dirty.clear()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            report(line, "", f"Not valid CSV ({error}); the rest of the file was not read", "Not valid CSV")
            return
        except UnicodeDecodeError:
            report(line, "", "Not UTF-8 text; the rest of the file was not read")
            return
        if len(row) != width:
            if row:  # a blank line (e.g. a trailing one) is not a row
                report(line, "", f"Row has {len(row)} fields; the header has {width}",
                       "Row has a different number of fields from the header")
            line = reader.line_num + 1
            dirty.clear()
            continue
        try:  # the usual case: every cell reads
            values = None if dirty else {name: parse(cell.strip()) for (name, parse), cell in zip(parsers, row, strict=True)}
        except ValueError:
            values = None
        if values is not None:
            yield line, values
        else:
            values = _read_bad_row(line, parsers, row, report)
            if partial:
                yield line, BadRow(values, {name: cell.strip() for (name, _), cell in zip(parsers, row, strict=True)})
        if dirty:
            dirty.clear()
        line = reader.line_num + 1


def _read_bad_row(line: int, parsers, row: list[str], report) -> dict:
    """Report every bad cell of a row; return the cells that read."""
    values = {}
    for (name, parse), cell in zip(parsers, row, strict=True):
        control = CONTROL.search(cell)
        if control:
            report(line, name, f"{name} holds a control character (U+{ord(control[0]):04X}), which cannot be "
                               "loaded; remove it", f"{name} holds a control character, which cannot be loaded; remove it")
            continue
        try:
            values[name] = parse(cell.strip())
        except ValueError as error:
            report(line, name, f"{name} {error}")
    return values


def _watch(stream, dirty: list[bool]) -> Iterator[str]:
    """The stream's lines, noting in `dirty` when one holds a control character."""
    for text in stream:
        if CONTROL.search(text):
            dirty.append(True)
        yield text
