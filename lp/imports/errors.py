"""The errors a refused extract is reported with, and how money is written in them."""
from __future__ import annotations

from lp.imports.fields import FILE_ORDER

MAX_STORED_ERRORS = 1000


class Errors:
    """Every error counted; the first MAX_STORED_ERRORS kept as {file, line, column, reason}."""

    def __init__(self, cap: int = MAX_STORED_ERRORS):
        self.cap = cap
        self.count = 0
        self.stored: list[dict] = []

    def add(self, file: str, line: int, column: str, reason: str) -> None:
        self.count += 1
        if len(self.stored) < self.cap:
            self.stored.append({"file": file, "line": line, "column": column, "reason": reason})

    def in_order(self) -> list[dict]:
        return sorted(self.stored, key=lambda e: (FILE_ORDER.get(e["file"], -1), e["line"]))


def pounds(pence: int) -> str:
    return f"{'-' if pence < 0 else ''}{abs(pence) // 100}.{abs(pence) % 100:02d}"
