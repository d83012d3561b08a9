"""The rent-change upload form and the send form of the preview."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, ValidationError


class UploadForm(FlaskForm):
    rents_file = FileField(validators=[FileRequired("Select a CSV file of rent changes")])


class SubmitForm(FlaskForm):
    checked = BooleanField()

    def __init__(self, rent_change, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rent_change = rent_change

    def validate_checked(self, field):
        # Lines flagged by the check (a big change) are sent only once the landlord says they are right.
        if self.rent_change.check_count and not field.data:
            raise ValidationError("Confirm you have checked the rents marked ‘Check’")
