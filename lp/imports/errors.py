"""The errors a refused extract is reported with, grouped by what is wrong."""
from __future__ import annotations

from lp.formats import plural
from lp.imports.fields import FILE_ORDER

MAX_STORED_ERRORS = 1000
SHOWN_PER_GROUP = 20


class Errors:
    """Every error counted, grouped by file, column and kind of fault (one kind of fault in 1,234
    rows is one thing to fix, not 1,234); the first SHOWN_PER_GROUP of each group are kept as
    {file, line, column, reason}, at most MAX_STORED_ERRORS in all."""

    def __init__(self, cap: int = MAX_STORED_ERRORS, per_group: int = SHOWN_PER_GROUP):
        self.cap, self.per_group = cap, per_group
        self.count = 0
        self.stored: list[dict] = []
        self._groups: dict[tuple[str, str, str], dict] = {}

    def add(self, file: str, line: int, column: str, reason: str, kind: str | None = None) -> None:
        """`kind` is the reason without the row's own values (a reference, a line number), so that
        rows with the same fault fall in one group; by default the reason itself."""
        self.count += 1
        key = (file, column, kind or reason)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = {"file": file, "column": column, "reason": kind or reason,
                                         "count": 0, "shown": 0, "first_line": line}
        group["count"] += 1
        if group["shown"] < self.per_group and len(self.stored) < self.cap:
            group["shown"] += 1
            self.stored.append({"file": file, "line": line, "column": column, "reason": reason, "_group": key})

    def groups(self) -> list[dict]:
        """The groups in file order, then by the first line each was seen on."""
        return sorted(self._groups.values(), key=lambda g: (FILE_ORDER.get(g["file"], -1), g["first_line"]))

    def report(self) -> tuple[list[dict], list[dict]]:
        """(errors, groups) as an ImportBatch keeps them: the errors group by group, each group
        with its `count` and the number of its errors `shown` (the next that many errors)."""
        groups = self.groups()
        index = {(g["file"], g["column"], g["reason"]): n for n, g in enumerate(groups)}
        ordered = sorted(self.stored, key=lambda e: (index[e["_group"]], e["line"]))
        errors = [{k: v for k, v in e.items() if k != "_group"} for e in ordered]
        return errors, [{k: g[k] for k in ("file", "column", "reason", "count", "shown")} for g in groups]


def group_heading(group: dict) -> str:
    """One line about a group, the same on the load page and from `flask lp import`:
    "claims.csv: postcode is not a valid UK postcode: 1,234 lines; first 20 shown"."""
    count, shown = group["count"], group["shown"]
    more = f"; first {shown:,} shown" if shown < count else ""
    return f"{group['file'] or 'The extract'}: {group['reason']}: {plural(count, 'line')}{more}"


def grouped(batch) -> list[tuple[str, list[dict]]]:
    """A refused batch's errors as (heading, errors) per kind of fault, as the CLI and the load
    page show them; a batch kept before errors were grouped is one group with no heading."""
    groups = (batch.counts or {}).get("error_groups")
    if not groups:
        return [("", list(batch.errors or []))] if batch.errors else []
    result, start = [], 0
    for group in groups:
        result.append((group_heading(group), batch.errors[start:start + group["shown"]]))
        start += group["shown"]
    return result

