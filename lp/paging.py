"""Lists of every feature: 25-a-page pagination of any select, the sort asked for, and the filters in
words (links that keep the filters are lp/routing.url_with)."""
from __future__ import annotations

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from lp.extensions import db
from lp.routing import MAX_PAGE, query_int

PER_PAGE = 25


class _Rows(Pagination):
    """Flask-SQLAlchemy's page (the one db.paginate returns: .items, .page, .pages, .total, .first,
    .last, .has_next ...), made of rows as well as entities, and counted before it is read so that
    a page past the last can show the last."""

    def _query_items(self) -> list:
        result = db.session.execute(self._query_args["select"].limit(self.per_page).offset(self._query_offset))
        return list(result.scalars() if self._query_args["scalars"] else result)

    def _query_count(self) -> int:
        return self._query_args["total"]


def page_number() -> int:
    """The ?page= asked for; anything that is not a positive number a database can hold is page 1."""
    return query_int("page", 1, maximum=MAX_PAGE)


def paginate(stmt: Select, *, scalars: bool = False, total: int | None = None) -> Pagination:
    """One page of `stmt` (rows, or entities when `scalars`); past the last page shows the last.
    `total`, when the caller knows how many rows `stmt` finds without counting them (lp/per_load.py)."""
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    number = min(page_number(), max(1, -(-total // PER_PAGE)))
    return _Rows(page=number, per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False,
                 select=stmt, scalars=scalars, total=total)


def sort_order(allowed: dict, default: str):
    """(sort key, direction) from ?sort=&dir=, falling back to the default for anything unknown."""
    sort = request.args.get("sort", default)
    sort = sort if sort in allowed else default
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    return sort, direction


def described(form, prefix=()) -> list[str]:
    """A filter form's filters in words (Date from ‘01/04/2026’), for headings and empty results.

    Fields named in `prefix` match the start of a value, and say so.
    """
    words = []
    for name, field in form._fields.items():
        if not str(field.data or "").strip():
            continue
        if field.type == "BooleanField":
            words.append(field.label.text.lower())
            continue
        shown = field.data
        if field.type == "SelectField":
            shown = next((choice.label for choice in field.choices if choice.value == field.data), field.data)
        starts = " starts with" if name in prefix else ""
        words.append(f"{field.label.text}{starts} ‘{str(shown).strip()}’")
    return words
