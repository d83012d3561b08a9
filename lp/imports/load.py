"""Loading a checked extract: bulk upserts by natural key with SQLAlchemy Core, in the caller's transaction."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from lp.imports.fields import ACCOUNTS, CLAIMS, ENTITLEMENTS, LETTERS, PAYMENT_LINES, PAYMENTS, REQUESTS, Table
from lp.imports.pgcopy import copy_upsert
from lp.imports.progress import bar
from lp.imports.properties import refresh_properties
from lp.imports.reader import Extract
from lp.imports.rows import read_rows
from lp.models import (
    Claim,
    Entitlement,
    LandlordAccount,
    Letter,
    LetterFile,
    Payment,
    PaymentLine,
    Task,
    search_key,
)
from lp.models.base import utcnow

ROWS_PER_STATEMENT = 2000
LOOKUP_CHUNK = 500
# The dates that say how far the extract's data runs: a payment leaving the bank, a letter sent, an
# entitlement calculated. The latest of them (never after the load) is recorded as counts["data_to"].
DATED = {PAYMENTS.file: "paid_on", LETTERS.file: "sent_on", ENTITLEMENTS.file: "calculated_on"}


class Loader:
    """Writes every table of an extract through one connection; counts what each upsert did."""

    def __init__(self, extract: Extract, connection, *, batch_id: int, checksums: dict[str, str],
                 line_counts: dict[str, int], progress: bool):
        self.extract, self.connection, self.batch_id = extract, connection, batch_id
        self.checksums, self.line_counts, self.progress = checksums, line_counts, progress
        self.now = utcnow()
        self.counts: dict[str, dict[str, int]] = {}
        self.data_to = None
        self.account_ids = IdCache(connection, LandlordAccount)
        self.claim_ids = IdCache(connection, Claim)
        self.payment_ids = IdCache(connection, Payment)

    def run(self) -> dict[str, dict[str, int]]:
        self.upsert(ACCOUNTS, LandlordAccount, self.account_rows(), key=("reference",))
        self.upsert(CLAIMS, Claim, self.claim_rows(), key=("reference",))
        refresh_properties(self.connection, since=self.now)  # one INSERT ... SELECT ... GROUP BY (lp/imports/properties.py)
        self.upsert(PAYMENTS, Payment, self.payment_rows(), key=("reference",))
        self.upsert(PAYMENT_LINES, PaymentLine, self.line_rows(), key=("payment_id", "line_number"))
        self.upsert(ENTITLEMENTS, Entitlement, self.entitlement_rows(), key=("claim_id", "kind", "start_date"))
        self.store_letter_files()
        self.upsert(LETTERS, Letter, self.letter_rows(), key=("reference",),
                    insert_only=("import_batch_id", "loaded_at"))
        if REQUESTS.file in self.extract:  # optional; an answer already given is never touched
            self.upsert(REQUESTS, Task, self.request_rows(), key=("reference",), insert_only=("created_at",))
        if self.data_to is not None:
            self.counts["data_to"] = self.data_to.isoformat()
        return self.counts

    def rows(self, table: Table) -> Iterator[dict]:
        def ignore(line, column, reason, kind=None):  # the extract was checked before loading
            raise AssertionError(f"{table.file}:{line}:{column}: {reason} (after it was checked)")

        dated, today = DATED.get(table.file), self.now.date()
        with self.extract.open_text(table.file) as stream:
            total = max(self.line_counts.get(table.file, 1) - 1, 0)
            for _, row in bar(read_rows(stream, table, ignore), total=total,
                              desc=f"Loading {table.file}", enabled=self.progress):
                day = row[dated] if dated else None
                if day is not None and day <= today and (self.data_to is None or day > self.data_to):
                    self.data_to = day
                yield row

    def upsert(self, table: Table, model, rows: Iterable[list[dict]], *, key: tuple[str, ...],
               insert_only: tuple[str, ...] = ()) -> None:
        """Insert new keys, update changed rows, leave unchanged rows alone; count each."""
        target = model.__table__

        def upsert_from(columns: list[str], source=None):
            return self.statement(target, columns, key=key, insert_only=insert_only, source=source)

        if self.connection.dialect.name == "postgresql":
            seen, inserted, changed = copy_upsert(self.connection, target, rows, upsert_from)
        else:
            seen, inserted, changed = self.executemany(target, rows, upsert_from)
        self.counts[table.file.removesuffix(".csv")] = {
            "inserted": inserted, "updated": changed - inserted, "unchanged": seen - changed,
        }

    def executemany(self, target, rows: Iterable[list[dict]], upsert_from) -> tuple[int, int, int]:
        """SQLite: executemany in chunks; sqlite3 sums the rows written (inserted or updated)."""
        before = self.connection.scalar(select(func.count()).select_from(target))
        seen = changed = 0
        statement = None
        for chunk in rows:
            if chunk:
                statement = statement if statement is not None else upsert_from(list(chunk[0]))
                seen += len(chunk)
                changed += self.connection.execute(statement, chunk).rowcount
        after = self.connection.scalar(select(func.count()).select_from(target))
        return seen, after - before, changed

    def statement(self, target, columns: list[str], *, key, insert_only, source=None):
        dialect = postgresql if self.connection.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(target)
        if source is not None:
            insert = insert.from_select(columns, select(*[source.c[c] for c in columns]))
        excluded = insert.excluded
        compared = [c for c in columns if c not in key and c not in insert_only and c != "updated_at"]
        updates = {c: excluded[c] for c in compared}
        if "updated_at" in columns:
            updates["updated_at"] = excluded.updated_at
        # The WHERE makes an unchanged row a no-op: it is neither written nor counted.
        changed = or_(*(target.c[c].is_distinct_from(excluded[c]) for c in compared))
        return insert.on_conflict_do_update(index_elements=list(key), set_=updates, where=changed)

    # -- rows of each table, in chunks, with natural keys resolved to ids -------------------------
    def account_rows(self) -> Iterator[list[dict]]:
        return _chunked({
            "reference": row["landlord_reference"], "name": row["name"], "address": row["address"],
            "postcode": row["postcode"], "sort_code": row["sort_code"],
            "account_last4": row["account_last4"], "payment_method": row["payment_method"],
            "updated_at": self.now,
        } for row in self.rows(ACCOUNTS))

    def claim_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(CLAIMS)):
            accounts = self.account_ids.ids({row["landlord_reference"] for row in chunk})
            yield [{
                "reference": row["claim_reference"], "account_id": accounts[row["landlord_reference"]],
                "tenant_first_name": row["tenant_first_name"], "tenant_last_name": row["tenant_last_name"],
                "first_name_key": search_key(row["tenant_first_name"]),
                "last_name_key": search_key(row["tenant_last_name"]),
                "postcode_key": search_key(row["postcode"]),
                "rent_reference": row["rent_reference"], "claim_type": row["claim_type"],
                "status": row["status"], "suspended": row["suspended"],
                "suspension_reason": row["suspension_reason"], "address": row["address"],
                "postcode": row["postcode"], "property_reference": row["property_reference"],
                "weekly_hb_pence": row["weekly_hb"], "weekly_dhp_pence": row["weekly_dhp"],
                "next_payment_pence": row["next_payment_amount"], "next_payment_date": row["next_payment_date"],
                "overpayment_pence": row["overpayment_outstanding"],
                "start_date": row["start_date"], "end_date": row["end_date"], "updated_at": self.now,
            } for row in chunk]

    def payment_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(PAYMENTS)):
            accounts = self.account_ids.ids({row["landlord_reference"] for row in chunk})
            yield [{
                "reference": row["payment_id"], "account_id": accounts[row["landlord_reference"]],
                "paid_on": row["paid_on"], "payment_type": row["payment_type"], "amount_pence": row["amount"],
                "method": row["method"], "sort_code": row["sort_code"],
                "account_last4": row["account_last4"], "status": row["status"],
            } for row in chunk]

    def line_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(PAYMENT_LINES)):
            payments = self.payment_ids.ids({row["payment_id"] for row in chunk})
            claims = self.claim_ids.ids({row["claim_reference"] for row in chunk})
            yield [{
                "payment_id": payments[row["payment_id"]], "line_number": row["line_number"],
                "claim_id": claims[row["claim_reference"]], "rent_reference": row["rent_reference"],
                "hb_pence": row["hb"], "dhp_pence": row["dhp"], "adjustment_pence": row["adjustment"],
                "amount_pence": row["amount"], "period_from": row["period_from"],
                "period_to": row["period_to"], "adjustment_reason": row["adjustment_reason"],
            } for row in chunk]

    def entitlement_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(ENTITLEMENTS)):
            claims = self.claim_ids.ids({row["claim_reference"] for row in chunk})
            yield [{
                "claim_id": claims[row["claim_reference"]], "kind": row["type"],
                "start_date": row["start_date"], "end_date": row["end_date"], "amount_pence": row["amount"],
                "frequency": row["frequency"], "calculated_on": row["calculated_on"],
            } for row in chunk]

    def letter_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(LETTERS)):
            claims = self.claim_ids.ids({row["claim_reference"] for row in chunk})
            yield [{
                "reference": row["letter_id"], "claim_id": claims[row["claim_reference"]],
                "letter_type": row["letter_type"], "sent_on": row["sent_on"],
                "file_sha256": self.checksums[row["file"]],
                "import_batch_id": self.batch_id, "loaded_at": self.now,
            } for row in chunk]

    def request_rows(self) -> Iterator[list[dict]]:
        for chunk in _chunked(self.rows(REQUESTS)):
            claims = self.claim_ids.ids({row["claim_reference"] for row in chunk})
            yield [{
                "reference": row["request_id"], "claim_id": claims[row["claim_reference"]], "kind": row["kind"],
                "raised_on": row["raised_on"], "due_on": row["due_on"], "created_at": self.now,
            } for row in chunk]

    def store_letter_files(self) -> None:
        """Each PDF the letters index, stored once by its SHA-256 (an unchanged PDF is not re-read)."""
        wanted = {self.checksums[row["file"]]: row["file"] for row in self.rows(LETTERS)}
        stored: set[str] = set()
        shas = sorted(wanted)
        for start in range(0, len(shas), LOOKUP_CHUNK):
            stored.update(self.connection.scalars(
                select(LetterFile.sha256).where(LetterFile.sha256.in_(shas[start:start + LOOKUP_CHUNK]))))
        target = LetterFile.__table__
        for sha in shas:
            if sha not in stored:
                content = self.extract.read_letter(wanted[sha])
                self.connection.execute(target.insert(), {"sha256": sha, "size": len(content), "content": content})


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


def _chunked(rows: Iterable[dict], size: int = ROWS_PER_STATEMENT) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
