"""How fresh the benefit data is: shown by the pages of several features and the API's status."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from lp.extensions import db
from lp.models import ImportBatch


@dataclass
class DataAsAt:
    runs_to: date | None  # the latest day the extract's data covers (None for loads before it was recorded)
    loaded_at: datetime


def data_as_at() -> DataAsAt | None:
    """How fresh the benefit data is: the date the last loaded extract runs to, and when it was loaded.
    Read only by a page that shows it (templates/components/data_as_at.html): one indexed row."""
    row = db.session.execute(
        select(ImportBatch.finished_at, ImportBatch.counts).where(ImportBatch.status == "loaded")
        .order_by(ImportBatch.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    runs_to = (row.counts or {}).get("data_to")
    return DataAsAt(date.fromisoformat(runs_to) if runs_to else None, row.finished_at)


def last_load_id() -> int:
    """The id of the last extract loaded (0 before any). Benefit data changes only when an extract loads,
    so every value or page kept between requests is keyed on this (with the horizon date): a new load
    changes the key and nothing older is served. One indexed row, read from the database because the
    importer runs in another process."""
    return db.session.scalar(select(func.max(ImportBatch.id)).where(ImportBatch.status == "loaded")) or 0
