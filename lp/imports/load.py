"""Loading an extract as it is checked: each row that validate.py has read and checked is written, in chunks of
tuples through the DBAPI cursor, in the caller's transaction; the caller rolls it all back if any check fails.

Each file is read and parsed once (it used to be parsed twice, checked then loaded, with a dict per row bound
by SQLAlchemy: 66 s for a million payment lines). A table that is empty when its file starts gets plain
INSERTs (SQLite) or a COPY straight into it (PostgreSQL); otherwise rows are upserted by natural key.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from lp.imports.fields import ACCOUNTS, CLAIMS, ENTITLEMENTS, LETTERS, PAYMENT_LINES, PAYMENTS, REQUESTS, Table
from lp.imports.pgcopy import CopyWriter
from lp.imports.properties import refresh_properties
from lp.imports.reader import Extract
from lp.models import Claim, Entitlement, LandlordAccount, Letter, LetterFile, Payment, PaymentLine, Task, search_key
from lp.models.base import utcnow

ROWS_PER_STATEMENT = 2000
LOOKUP_CHUNK = 500
# The dates that say how far the extract's data runs: a payment leaving the bank, a letter sent, an
# entitlement calculated. The latest of them (never after the load) is recorded as counts["data_to"].
DATED = {PAYMENTS.file: "paid_on", LETTERS.file: "sent_on", ENTITLEMENTS.file: "calculated_on"}


class MissingReference(Exception):
    """A checked row names a row that is neither in the extract nor loaded. The checks at the end of
    the file report it (validate.CrossChecks), so the load will be rolled back: writing stops here."""


class Loader:
    """Writes each table of an extract as its rows are checked (Checker.rows asks for a writer per
    file); counts what each table's writes did."""

    def __init__(self, extract: Extract, connection, *, batch_id: int, checksums: dict[str, str]):
        self.extract, self.connection, self.batch_id, self.checksums = extract, connection, batch_id, checksums
        self.now = utcnow()
        self.counts: dict = {}
        self.data_to = None
        self.stopped = False  # a MissingReference: the checks will refuse the extract
        self.account_ids = IdCache(connection, LandlordAccount)
        self.claim_ids = IdCache(connection, Claim)
        self.payment_ids = IdCache(connection, Payment)
        self.stored_files: set[str] = set()
        # file -> (model, natural key, columns set only on insert, the columns, tuples of a chunk of rows)
        self.tables: dict[str, tuple] = {
            ACCOUNTS.file: (LandlordAccount, ("reference",), (), ACCOUNT_COLUMNS, self.account_values),
            CLAIMS.file: (Claim, ("reference",), (), CLAIM_COLUMNS, self.claim_values),
            PAYMENTS.file: (Payment, ("reference",), (), PAYMENT_COLUMNS, self.payment_values),
            PAYMENT_LINES.file: (PaymentLine, ("payment_id", "line_number"), (), LINE_COLUMNS, self.line_values),
            ENTITLEMENTS.file: (Entitlement, ("claim_id", "kind", "start_date"), (), ENTITLEMENT_COLUMNS,
                                self.entitlement_values),
            LETTERS.file: (Letter, ("reference",), ("import_batch_id", "loaded_at"), LETTER_COLUMNS,
                           self.letter_values),
            REQUESTS.file: (Task, ("reference",), ("created_at",), REQUEST_COLUMNS, self.request_values),
        }

    def writer(self, table: Table) -> TableWriter | None:
        """Where the checked rows of `table` go; None once writing has stopped."""
        if self.stopped:
            return None
        model, key, insert_only, columns, values = self.tables[table.file]
        target = model.__table__
        fresh = self.connection.execute(select(1).select_from(target).limit(1)).first() is None
        if self.connection.dialect.name == "postgresql":
            sink = CopyWriter(self.connection, target, columns, fresh=fresh,
                              upsert_from=lambda source: self.statement(target, columns, key, insert_only, source))
        else:
            sink = ExecuteMany(self.connection, target, columns, fresh=fresh,
                               upsert=self.statement(target, columns, key, insert_only))
        return TableWriter(self, table, sink, values)

    def written(self, table: Table, counts: dict[str, int]) -> None:
        self.counts[table.file.removesuffix(".csv")] = counts
        if table is CLAIMS:  # one INSERT ... SELECT ... GROUP BY (lp/imports/properties.py)
            refresh_properties(self.connection, since=self.now)

    def result(self) -> dict:
        if self.data_to is not None:
            self.counts["data_to"] = self.data_to.isoformat()
        return self.counts

    def statement(self, target, columns: tuple[str, ...], key, insert_only, source=None):
        """INSERT ... ON CONFLICT (key) DO UPDATE of the columns that differ, naming every column."""
        dialect = postgresql if self.connection.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(target)
        if source is not None:
            insert = insert.from_select(list(columns), select(*[source.c[c] for c in columns]))
        excluded = insert.excluded
        compared = [c for c in columns if c not in key and c not in insert_only and c != "updated_at"]
        updates = {c: excluded[c] for c in compared}
        if "updated_at" in columns:
            updates["updated_at"] = excluded.updated_at
        # The WHERE makes an unchanged row a no-op: it is neither written nor counted.
        changed = or_(*(target.c[c].is_distinct_from(excluded[c]) for c in compared))
        return insert.on_conflict_do_update(index_elements=list(key), set_=updates, where=changed)

    # -- a chunk of checked rows as tuples in the order of the table's columns, natural keys as ids ----
    def account_values(self, rows: list[dict]) -> list[tuple]:
        now = self.now
        return [(r["landlord_reference"], r["name"], r["address"], r["postcode"], r["sort_code"], r["account_last4"],
                 r["payment_method"], now) for r in rows]

    def claim_values(self, rows: list[dict]) -> list[tuple]:
        accounts, now = self.account_ids.ids({r["landlord_reference"] for r in rows}), self.now
        return [(r["claim_reference"], accounts[r["landlord_reference"]], r["tenant_first_name"],
                 r["tenant_last_name"], search_key(r["tenant_first_name"]), search_key(r["tenant_last_name"]),
                 search_key(r["postcode"]), r["rent_reference"], r["claim_type"], r["status"], r["suspended"],
                 r["suspension_reason"], r["address"], r["postcode"], r["property_reference"], r["weekly_hb"],
                 r["weekly_dhp"], r["next_payment_amount"], r["next_payment_date"], r["overpayment_outstanding"],
                 r["start_date"], r["end_date"], now) for r in rows]

    def payment_values(self, rows: list[dict]) -> list[tuple]:
        accounts = self.account_ids.ids({r["landlord_reference"] for r in rows})
        return [(r["payment_id"], accounts[r["landlord_reference"]], r["paid_on"], r["payment_type"], r["amount"],
                 r["method"], r["sort_code"], r["account_last4"], r["status"]) for r in rows]

    def line_values(self, rows: list[dict]) -> list[tuple]:
        payments = self.payment_ids.ids({r["payment_id"] for r in rows})
        claims = self.claim_ids.ids({r["claim_reference"] for r in rows})
        return [(payments[r["payment_id"]], r["line_number"], claims[r["claim_reference"]], r["rent_reference"],
                 r["hb"], r["dhp"], r["adjustment"], r["amount"], r["period_from"], r["period_to"],
                 r["adjustment_reason"]) for r in rows]

    def entitlement_values(self, rows: list[dict]) -> list[tuple]:
        claims = self.claim_ids.ids({r["claim_reference"] for r in rows})
        return [(claims[r["claim_reference"]], r["type"], r["start_date"], r["end_date"], r["amount"],
                 r["frequency"], r["calculated_on"]) for r in rows]

    def letter_values(self, rows: list[dict]) -> list[tuple]:
        claims = self.claim_ids.ids({r["claim_reference"] for r in rows})
        self.store_letter_files({self.checksums[r["file"]]: r["file"] for r in rows})
        return [(r["letter_id"], claims[r["claim_reference"]], r["letter_type"], r["sent_on"],
                 self.checksums[r["file"]], self.batch_id, self.now) for r in rows]

    def request_values(self, rows: list[dict]) -> list[tuple]:
        claims = self.claim_ids.ids({r["claim_reference"] for r in rows})
        return [(r["request_id"], claims[r["claim_reference"]], r["kind"], r["raised_on"], r["due_on"], self.now)
                for r in rows]

    def store_letter_files(self, wanted: dict[str, str]) -> None:
        """Each PDF the letters index, stored once by its SHA-256 (an unchanged PDF is not re-read)."""
        shas = sorted(wanted.keys() - self.stored_files)
        for start in range(0, len(shas), LOOKUP_CHUNK):
            self.stored_files.update(self.connection.scalars(
                select(LetterFile.sha256).where(LetterFile.sha256.in_(shas[start:start + LOOKUP_CHUNK]))))
        for sha in shas:
            if sha not in self.stored_files:
                content = self.extract.read_letter(wanted[sha])
                self.connection.execute(LetterFile.__table__.insert(), {"sha256": sha, "size": len(content),
                                                                       "content": content})
                self.stored_files.add(sha)


# Every INSERT names its columns, so a column added to a table (nullable, or with a default) does not break it.
ACCOUNT_COLUMNS = ("reference", "name", "address", "postcode", "sort_code", "account_last4", "payment_method",
                   "updated_at")
CLAIM_COLUMNS = ("reference", "account_id", "tenant_first_name", "tenant_last_name", "first_name_key",
                 "last_name_key", "postcode_key", "rent_reference", "claim_type", "status", "suspended",
                 "suspension_reason", "address", "postcode", "property_reference", "weekly_hb_pence",
                 "weekly_dhp_pence", "next_payment_pence", "next_payment_date", "overpayment_pence", "start_date",
                 "end_date", "updated_at")
PAYMENT_COLUMNS = ("reference", "account_id", "paid_on", "payment_type", "amount_pence", "method", "sort_code",
                   "account_last4", "status")
LINE_COLUMNS = ("payment_id", "line_number", "claim_id", "rent_reference", "hb_pence", "dhp_pence",
                "adjustment_pence", "amount_pence", "period_from", "period_to", "adjustment_reason")
ENTITLEMENT_COLUMNS = ("claim_id", "kind", "start_date", "end_date", "amount_pence", "frequency", "calculated_on")
LETTER_COLUMNS = ("reference", "claim_id", "letter_type", "sent_on", "file_sha256", "import_batch_id", "loaded_at")
REQUEST_COLUMNS = ("reference", "claim_id", "kind", "raised_on", "due_on", "created_at")


class TableWriter:
    """One file's checked rows, gathered into chunks and written by a sink (ExecuteMany or CopyWriter)."""

    def __init__(self, loader: Loader, table: Table, sink, values: Callable[[list[dict]], list[tuple]]):
        self.loader, self.table, self.sink, self.values = loader, table, sink, values
        self.dated = DATED.get(table.file)
        self.today = loader.now.date()
        self.chunk: list[dict] = []

    def add(self, row: dict) -> None:
        self.chunk.append(row)
        if len(self.chunk) >= ROWS_PER_STATEMENT:
            self.flush()

    def flush(self) -> None:
        chunk, self.chunk = self.chunk, []
        if not chunk or self.loader.stopped:
            return
        if self.dated:
            days = [day for r in chunk if (day := r[self.dated]) is not None and day <= self.today]
            if days and (self.loader.data_to is None or max(days) > self.loader.data_to):
                self.loader.data_to = max(days)
        try:
            values = self.values(chunk)
        except KeyError:  # a reference to a row neither in the extract nor loaded
            self.loader.stopped = True
            return
        self.sink.write(values)

    def close(self) -> None:
        self.flush()
        if not self.loader.stopped:
            seen, inserted, written = self.sink.finish()
            self.loader.written(self.table, {"inserted": inserted, "updated": written - inserted,
                                             "unchanged": seen - written})


class ExecuteMany:
    """SQLite: tuples bound by executemany on the DBAPI cursor; sqlite3 sums the rows written."""

    def __init__(self, connection, target, columns: tuple[str, ...], *, fresh: bool, upsert):
        self.connection, self.target, self.fresh = connection, target, fresh
        dialect = connection.dialect
        # Table and column names come from the model and are quoted; values are bound (?).
        quote = dialect.identifier_preparer.quote
        self.sql = (f"INSERT INTO {quote(target.name)} ({', '.join(map(quote, columns))}) "  # noqa: S608  # nosec B608
                    f"VALUES ({', '.join('?' * len(columns))})")
        if not fresh:  # the upsert's ON CONFLICT ... DO UPDATE ... WHERE, which binds nothing
            self.sql += " ON CONFLICT " + str(upsert.compile(dialect=dialect)).split(" ON CONFLICT ", 1)[1]
        unset = [c.name for c in target.c if c.name not in columns and c.default is not None
                 and not c.nullable and c.server_default is None]
        if unset:  # SQLAlchemy would have filled these in; the DBAPI cursor does not
            raise RuntimeError(f"{target.name}: the load does not set {unset}, which have only a Python default")
        # What SQLAlchemy would do to each value (a date as 'YYYY-MM-DD' text), remembered per value:
        # the columns that need it hold a few hundred distinct dates and times.
        self.converters = [(n, _Remembered(p)) for n, name in enumerate(columns)
                           if (p := target.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
        self.cursor = connection.connection.driver_connection.cursor()
        self.before = 0 if fresh else connection.scalar(select(func.count()).select_from(target))
        self.seen = self.written = 0

    def write(self, rows: list[tuple]) -> None:
        if self.converters:
            rows = [list(row) for row in rows]
            for n, convert in self.converters:
                for row in rows:
                    row[n] = convert[row[n]]
        self.cursor.executemany(self.sql, rows)
        self.seen += len(rows)
        self.written += self.cursor.rowcount

    def finish(self) -> tuple[int, int, int]:
        self.cursor.close()
        if self.fresh:
            return self.seen, self.seen, self.seen
        after = self.connection.scalar(select(func.count()).select_from(self.target))
        return self.seen, after - self.before, self.written


class _Remembered(dict):
    """value -> converted value, converting each distinct value once."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        converted = self.convert(value)
        if len(self) < 100_000:
            self[value] = converted
        return converted


class IdCache:
    """Natural key -> id for one table, fetched from the database in chunks as references appear."""

    def __init__(self, connection, model):
        self.connection, self.model = connection, model
        self.known: dict[str, int] = {}

    def ids(self, references: set[str]) -> dict[str, int]:
        missing = sorted(references - self.known.keys())
        for start in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing[start:start + LOOKUP_CHUNK]
            self.known.update(self.connection.execute(
                select(self.model.reference, self.model.id).where(self.model.reference.in_(chunk))).all())
        return self.known
