"""The data-load upload form: a zip, checked by its content and by the importer's zip safety check."""
from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import ValidationError

from lp.admin.imports.services import load_running
from lp.imports import MAX_EXTRACT_BYTES, ExtractRefused, check_zip

ZIP_MAGIC = b"PK\x03\x04"


class UploadForm(FlaskForm):
    extract = FileField(validators=[FileRequired("Select the extract zip file")])

    def validate_extract(self, field):
        if load_running() is not None:
            raise ValidationError("Another data load is running. Wait for it to finish, then try again")
        stream = field.data.stream
        start = stream.read(len(ZIP_MAGIC))
        stream.seek(0)
        # By content, not by name: a renamed file of another kind is refused here.
        if start != ZIP_MAGIC:
            raise ValidationError("The selected file must be a zip file")
        try:
            check_zip(stream, max_bytes=current_app.config.get("LP_IMPORT_MAX_BYTES", MAX_EXTRACT_BYTES))
        except ExtractRefused as refused:
            where = f" ({refused.file})" if refused.file else ""
            raise ValidationError(f"The zip cannot be loaded: {refused.reason}{where}") from None
