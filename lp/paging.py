"""Lists of every feature: 25-a-page pagination of any select, and the sort asked for (links that keep
the filters are lp/routing.url_with)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select

from lp.extensions import db
from lp.routing import MAX_PAGE, query_int

PER_PAGE = 25


@dataclass
class Page:
    items: list
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.number * self.per_page, self.total)


def page_number() -> int:
    """The ?page= asked for; anything that is not a positive number a database can hold is page 1."""
    return query_int("page", 1, maximum=MAX_PAGE)


def paginate(stmt: Select, *, scalars: bool = False) -> Page:
    """One page of `stmt` (rows, or entities when `scalars`); past the last page shows the last."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    number = min(page_number(), max(1, -(-total // PER_PAGE)))
    result = db.session.execute(stmt.limit(PER_PAGE).offset((number - 1) * PER_PAGE))
    return Page(list(result.scalars() if scalars else result), number, total)


def sort_order(allowed: dict, default: str):
    """(sort key, direction) from ?sort=&dir=, falling back to the default for anything unknown."""
    sort = request.args.get("sort", default)
    sort = sort if sort in allowed else default
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    return sort, direction
