"""Streamed, formula-safe CSV: UTF-8 with a BOM so Excel opens it, money as 1234.56, dates as
YYYY-MM-DD, constant memory (rows are written as they are read), every export audited by its view.

Two ways to shape a row. Small exports pass Python values through cell(). The bulk ones (a million
payment lines at >= 100,000 lines/s) have the database write the CSV: safe_text(), money_text() and
one_line_sql() are the same rules as cell()'s and one_line()'s in SQL, and csv_text() streams the rows
as CSV text written by PostgreSQL's COPY or, on SQLite, selected as one line of text per row."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from operator import itemgetter

from flask import Response, stream_with_context
from sqlalchemy import Date, Select, String, case, cast, func, literal, literal_column, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from lp.extensions import db
from lp.formats import decimal_money, one_line

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


def csv_header(header: list[str]) -> str:
    """The BOM and the header line, as csv.writer writes them."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    return BOM + buffer.getvalue()


def safe_text(column) -> ColumnElement:
    """A text column as cell() writes it, in SQL: a value starting like a formula gets a leading '."""
    return case((func.substr(column, 1, 1).in_(_FORMULA_STARTS), literal("'") + column), else_=column)


class PlainText(String):
    """Text that never holds a comma, a double quote or a line break (money, figures), so a CSV
    writes it as it is: csv_text does not look for those in it."""
    cache_ok = True


def money_text(pence) -> ColumnElement:
    """Pence as decimal_money() writes them (1234.56, -0.50), in SQL that SQLite and PostgreSQL both run:
    / of two integers is whole pounds on both, and 100 + the pence left over, less its first digit, is
    the pence as two digits. Nought first: most DHP and adjustment columns are nought."""
    def text(value):
        return cast(value, String)

    def whole(value):  # / of integers truncates on both databases (SQLAlchemy's / would not)
        return value.op("/", return_type=pence.type)(100)

    return type_coerce(case(
        (pence == 0, literal("0.00")),
        (pence < 0, literal("-") + text(whole(-pence)) + "." + func.substr(text(100 - pence % 100), 2)),
        else_=text(whole(pence)) + "." + func.substr(text(100 + pence % 100), 2)), PlainText())


# What str.strip() takes off: the characters for which str.isspace() is true (tested against every one).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


class one_line_sql(FunctionElement):
    """lp.formats.one_line(address) in SQL: the address's lines (split at "|" or a line break, each
    stripped, the empty ones left out) joined by ", ". PostgreSQL works it out with a regular expression
    (below); SQLite calls one_line itself, registered on each connection by sqlite_functions()."""
    type = String()
    name = "lp_one_line"
    inherit_cache = True


@compiles(one_line_sql)
def _one_line_sqlite(element, compiler, **kw):
    return f"lp_one_line({compiler.process(element.clauses, **kw)})"


@compiles(one_line_sql, "postgresql")
def _one_line_postgresql(element, compiler, **kw):
    # Trim whitespace and "|" off both ends; then every run of whitespace and "|" that holds a
    # separator ("|" or a line break) is one ", ". A run of whitespace with no separator is inside a line.
    trim = WHITESPACE + "|"
    separators = f"[{trim}]*[|\n][{trim}]*"
    address = compiler.process(element.clauses, **kw)
    return (f"regexp_replace(btrim({address}, {compiler.process(_sql_string(trim))}), "
            f"{compiler.process(_sql_string(separators))}, ', ', 'g')")


def _sql_string(text: str) -> ColumnElement:
    return literal_column("'" + text.replace("'", "''") + "'", String)


def sqlite_functions(connection) -> None:
    """The Python functions SQL calls on SQLite (a DB-API connection's create_function)."""
    connection.create_function("lp_one_line", 1, one_line, deterministic=True)


def csv_text(stmt: Select, size: int = 2000) -> Iterator[str | bytes]:
    """The rows of `stmt` as CSV text, exactly as csv.writer writes them (a field in double quotes, its
    quotes doubled, when it holds a comma, a quote or a line break; CRLF), `size` rows a chunk, written
    by the database. `stmt`'s columns are cells already: text (safe_text, money_text ...), numbers or
    dates (written as 2026-11-23). PostgreSQL writes them with COPY ... TO STDOUT (FORMAT csv) and
    Python only passes its bytes on; on SQLite the statement selects each row as one line of text."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return _copied_csv(connection, stmt, size)
    return _sqlite_csv(connection, stmt, size)


def _copied_csv(connection, stmt: Select, size: int) -> Iterator[bytes]:
    # COPY writes NULL as nothing and an empty text as "" (csv.writer writes both as nothing), so an
    # empty text is made NULL; a date as ISO whatever the session's DateStyle.
    cells = [func.nullif(column, "") if isinstance(column.type, String)
             else func.to_char(column, "YYYY-MM-DD") if isinstance(column.type, Date) else column
             for column in stmt.selected_columns]
    sql, params = _compiled(stmt.with_only_columns(*cells, maintain_column_froms=True), connection)
    copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')"
    if not params:  # the driver merges parameters only when there are some, and with them undoes %%
        copy_sql = copy_sql.replace("%%", "%")
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(copy_sql, params or None) as copy:
            rows = []
            for row in copy:  # libpq gives the data a row at a time, each ending in "\n"
                rows.append(row)
                if len(rows) == size:
                    yield _crlf(rows)
                    rows = []
            if rows:
                yield _crlf(rows)
    finally:
        cursor.close()


def _crlf(rows: list) -> bytes:
    """COPY's rows (each ending "\n") ending "\r\n", as csv.writer ends them; a line break inside a
    quoted field stays as it is."""
    text = b"".join(rows)
    if text.count(b"\n") == len(rows):
        return text.replace(b"\n", b"\r\n")
    return b"".join(bytes(row)[:-1] + b"\r\n" for row in rows)


def _sqlite_csv(connection, stmt: Select, size: int) -> Iterator[str]:
    line = csv_record(*(csv_field(column) if _may_need_quotes(column) else func.ifnull(column, "")
                        for column in stmt.selected_columns))
    sql, params = _compiled(stmt.with_only_columns(line, maintain_column_froms=True), connection)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield "".join(map(itemgetter(0), rows))
    finally:
        cursor.close()


def _may_need_quotes(column) -> bool:
    return isinstance(column.type, String) and not isinstance(column.type, PlainText | CsvField)


class CsvField(String):
    """Text already written as a CSV field (csv_field), quoted where it has to be."""
    cache_ok = True


_CSV_SPECIAL = '*[",\r\n]*'  # a GLOB: holds a comma, a double quote, a CR or a LF


def csv_field(text) -> ColumnElement:
    """A text cell as csv.writer writes it (QUOTE_MINIMAL), in SQLite's SQL; NULL as nothing. csv_text
    takes a column of these as it is (a statement may work them out once in a CTE, not once a row)."""
    return type_coerce(case((text.op("GLOB")(_CSV_SPECIAL), literal('"') + func.replace(text, '"', '""', type_=String) + '"'),
                            else_=func.ifnull(text, "", type_=String)), CsvField())


def csv_record(*fields) -> ColumnElement:
    """Fields (csv_field, numbers, dates) as one CSV line ending in CRLF, in SQLite's SQL."""
    comma = literal_column("','", String)
    line = fields[0]
    for field in fields[1:]:
        line = line.concat(comma).concat(field)
    return line.concat(literal_column("char(13, 10)", String))


def _compiled(stmt: Select, connection) -> tuple[str, dict | list]:
    """The statement's SQL and its parameters as the DB-API driver takes them: SQLAlchemy compiles it
    and converts the parameters, but is not given the cursor (its streaming result reads a row ahead
    into a buffer of its own)."""
    dialect = connection.dialect
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})  # IN (...) expanded
    params = compiled.construct_params()
    for name, value in params.items():  # an expanded IN's values are name_1, name_2, ...
        bind = compiled.binds.get(name)
        bind = bind if bind is not None else compiled.binds.get(name.rpartition("_")[0])
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect) if bind is not None else None
        if convert is not None and value is not None:
            params[name] = convert(value)
    return str(compiled), [params[name] for name in compiled.positiontup] if compiled.positional else params


def csv_chunks(header: list[str], chunks: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The BOM and header, then the rows' CSV text (csv_text) as it comes."""
    yield csv_header(header)
    yield from chunks


def streamed(stmt: Select) -> Iterator:
    """The rows of an export's statement, read from the database a thousand at a time, so an export
    of any size runs in constant memory."""
    return iter(db.session.execute(stmt.execution_options(yield_per=1000)))


def csv_response(filename: str, header: list[str], rows: Rows | None = None, *, chunks: Iterable[str | bytes] | None = None
                 ) -> Response:
    """A streamed CSV download. `rows` should itself stream (e.g. over streamed(stmt)).

    The body is sent after the view has returned, when the request's database session has been
    closed (Flask tears the app context down and stream_with_context pushes it again, with a new
    session). So no query may start in the view: pass a generator function's generator, or a
    function returning the rows (never a generator expression over a query: Python runs its first
    `for` at once). flask-compress leaves streams alone (COMPRESS_STREAMS off in lp/config.py).
    A bulk export passes `chunks` (its rows as CSV text: csv_text) instead of rows."""
    lines = csv_chunks(header, chunks) if chunks is not None else csv_lines(header, rows)
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
