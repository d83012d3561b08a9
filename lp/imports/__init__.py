"""The nightly extract: check_zip() to vet an upload, load_extract() to check and load a folder or zip.

The format is docs/data-format.md. Modules: reader (folder/zip, safely), fields (columns and cells),
validate + errors (every rule; each row that checks goes to load at once), load (tuples on the
DBAPI cursor: inserts or upserts; pgcopy is PostgreSQL's COPY path), batch (the ImportBatch and its transaction), cli (`flask lp import PATH`).
"""
from lp.imports.batch import load_extract
from lp.imports.reader import MAX_EXTRACT_BYTES, ExtractRefused, check_zip

__all__ = ["MAX_EXTRACT_BYTES", "ExtractRefused", "check_zip", "load_extract"]
