"""Loading an uploaded extract: save it under the instance folder, run the importer, tidy up."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from lp.extensions import db
from lp.imports import load_extract
from lp.imports.batch import settle_dead_loads
from lp.imports.lock import load_in_progress
from lp.models import ImportBatch, User


def load_running() -> ImportBatch | None:
    """The batch being loaded now, if any. A `running` batch whose process has died (its lock is
    free, lp/imports/lock.py) is settled as failed here, so it never blocks the next load."""
    batch = db.session.scalars(
        select(ImportBatch).where(ImportBatch.status == "running").order_by(ImportBatch.id.desc())
    ).first()
    if batch is None:
        return None
    if load_in_progress():
        return batch
    settle_dead_loads()
    return None


def load_upload(upload: FileStorage, user: User) -> ImportBatch:
    """Load the uploaded zip in this request; the importer's transaction makes it all or nothing."""
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    handle, path = tempfile.mkstemp(prefix="extract-", suffix=".zip", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            shutil.copyfileobj(upload.stream, out, 1024 * 1024)
        batch = load_extract(path, run_by=user.username, run_by_id=user.id)
    finally:
        os.unlink(path)
    # The temporary path means nothing to a reader; the uploaded file's name does.
    batch.source = f"upload: {secure_filename(upload.filename or '') or 'extract.zip'}"
    db.session.commit()
    return batch
