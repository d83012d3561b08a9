"""PostgreSQL's fast path for the loader: COPY a table's rows straight into it when it is empty, else into a
temporary table and then one upsert."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, MetaData, Table, func, literal_column, select


class CopyWriter:
    """Chunks of tuples (in the order of `columns`) written with COPY; finish() says (seen, inserted, written).

    Each chunk is its own COPY because making the next chunk may query the database (ids by
    natural key), which cannot happen while a COPY is open.
    """

    def __init__(self, connection, target: Table, columns: tuple[str, ...], *, fresh: bool,
                 upsert_from: Callable[[Table], object]):
        self.connection, self.target, self.columns, self.fresh = connection, target, columns, fresh
        self.upsert_from = upsert_from
        self.staging: Table | None = None
        if not fresh:
            self.staging = Table(f"staging_{target.name}", MetaData(),
                                 *[Column(name, target.c[name].type) for name in columns],
                                 prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
            self.staging.create(connection)
        into = self.staging if self.staging is not None else target
        # Every column named: a column added to the table later does not break the COPY.
        self.sql = f"COPY {into.name} ({', '.join(columns)}) FROM STDIN"
        self.cursor = connection.connection.driver_connection.cursor()
        self.seen = 0

    def write(self, rows: list[tuple]) -> None:
        with self.cursor.copy(self.sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.seen += len(rows)

    def finish(self) -> tuple[int, int, int]:
        self.cursor.close()
        if self.staging is None:
            return self.seen, self.seen, self.seen
        # xmax = 0 only on a freshly inserted row: so one statement tells inserted from updated.
        written = self.upsert_from(self.staging).returning(literal_column("xmax = 0").label("inserted")).cte("written")
        inserted, total = self.connection.execute(
            select(func.count().filter(written.c.inserted), func.count()).select_from(written)).one()
        self.staging.drop(self.connection)
        return self.seen, inserted, total
