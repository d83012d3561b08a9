"""Streamed, formula-safe CSV: UTF-8 with a BOM so Excel opens it, money as 1234.56, dates as
YYYY-MM-DD, constant memory (rows are written as they are read), every export audited by its view."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from flask import Response, stream_with_context
from sqlalchemy import Select

from lp.extensions import db
from lp.formats import decimal_money

# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
DATE_FORMAT = "%Y-%m-%d"  # one documented date format for every export (ISO 8601)


class Money(int):
    """Pence that should be written as a plain decimal: Money(123456) -> 1234.56."""


def cell(value) -> str:
    """One value as CSV text: money and dates in their one format, formulas neutralised."""
    # Exports run to a million rows: the common types go straight to their converter by exact type.
    convert = _BY_TYPE.get(type(value))
    return convert(value) if convert is not None else _any_cell(value)


def _text(text: str) -> str:
    return "'" + text if text[:1] in _FORMULA_CHARACTERS else text


def _any_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return decimal_money(int(value))  # a number, so a leading minus is not escaped
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, int):
        return str(value)
    return _text(str(value))


_FORMULA_CHARACTERS = frozenset(_FORMULA_STARTS)
_BY_TYPE = {
    str: _text,
    Money: decimal_money,
    date: date.isoformat,  # YYYY-MM-DD, DATE_FORMAT; strftime is many times slower
    int: str,
    bool: lambda value: "Y" if value else "N",
    type(None): lambda value: "",
}


Rows = Iterable[Iterable] | Callable[[], Iterable[Iterable]]


def csv_lines(header: list[str], rows: Rows) -> Iterator[str]:
    """The header and rows as CSV text, a chunk of rows at a time. `rows` may be a function that
    returns them: it is called here, inside the stream, so its query runs in the stream's session."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows() if callable(rows) else rows, start=1):
        writer.writerow(map(cell, row))
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def streamed(stmt: Select) -> Iterator:
    """The rows of an export's statement, read from the database a thousand at a time, so an export
    of any size runs in constant memory."""
    return iter(db.session.execute(stmt.execution_options(yield_per=1000)))


def csv_response(filename: str, header: list[str], rows: Rows) -> Response:
    """A streamed CSV download. `rows` should itself stream (e.g. over streamed(stmt)).

    The body is sent after the view has returned, when the request's database session has been
    closed (Flask tears the app context down and stream_with_context pushes it again, with a new
    session). So no query may start in the view: pass a generator function's generator, or a
    function returning the rows (never a generator expression over a query: Python runs its first
    `for` at once). flask-compress leaves streams alone (COMPRESS_STREAMS off in lp/config.py)."""
    response = Response(stream_with_context(csv_lines(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
