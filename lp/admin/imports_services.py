"""Loading an uploaded extract: save it under the instance folder, run the importer, tidy up."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from lp.extensions import db
from lp.imports import load_extract
from lp.models import ImportBatch, User
from lp.models.base import utcnow

# A batch still "running" after this long belongs to a process that died; it no longer blocks.
RUNNING_AT_MOST = timedelta(hours=2)


def load_running() -> ImportBatch | None:
    return db.session.scalars(
        select(ImportBatch).where(ImportBatch.status == "running",
                                  ImportBatch.started_at > utcnow() - RUNNING_AT_MOST)
        .order_by(ImportBatch.id.desc())
    ).first()


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
