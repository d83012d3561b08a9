"""PostgreSQL's fast path for the loader: COPY a table's rows into a temporary table, then one upsert."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Column, MetaData, Table, func, literal_column, select


def copy_upsert(connection, target: Table, chunks: Iterable[list[dict]],
                upsert_from: Callable[[list[str], Table], object]) -> tuple[int, int, int]:
    """Stage every row with COPY, then upsert them all in one statement: (seen, inserted, written).

    Each chunk is its own COPY because making the next chunk may query the database (ids by
    natural key), which cannot happen while a COPY is open.
    """
    staging = None
    columns: list[str] = []
    seen = 0
    cursor = connection.connection.driver_connection.cursor()
    for chunk in chunks:
        if not chunk:
            continue
        if staging is None:
            columns = list(chunk[0])
            staging = Table(f"staging_{target.name}", MetaData(),
                            *[Column(name, target.c[name].type) for name in columns],
                            prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
            staging.create(connection)
        with cursor.copy(f"COPY {staging.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row([row[name] for name in columns])
        seen += len(chunk)
    if staging is None:
        return 0, 0, 0
    # xmax = 0 only on a freshly inserted row: so one statement tells inserted from updated.
    written = upsert_from(columns, staging).returning(literal_column("xmax = 0").label("inserted")).cte("written")
    inserted, total = connection.execute(
        select(func.count().filter(written.c.inserted), func.count()).select_from(written)).one()
    staging.drop(connection)
    return seen, inserted, total
