"""The property search (a GET form), the landlord's own reference and notes, and "I no longer own
this property" with the date ownership ended."""
from __future__ import annotations

import re

from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation

from lp.changes.forms import DETAILS_MAX, NOTICE_AHEAD
from lp.daterange import parse_date_text
from lp.horizon import today
from lp.models import CLAIM_STATUSES
from lp.validators import STRIP

ANY_STATUS = "any"
NOTES_MAX = 2000
OWN_REFERENCE_MAX = 30
# Letters, digits, spaces and the punctuation references use (NHA/00231, BLK-4.12): nothing a
# spreadsheet could read as a formula at the start.
OWN_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 /\-._]*")


class PropertySearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    text = StringField("Address, postcode, property reference or tenant", name="q", filters=STRIP)
    status = SelectField("Claim status", default=ANY_STATUS, validate_choice=False,
                         choices=[SelectChoice(ANY_STATUS, "All")] + [SelectChoice(s) for s in CLAIM_STATUSES])

    def __init__(self):
        super().__init__(request.args)

    def validate_status(self, field):
        if field.data not in CLAIM_STATUSES + (ANY_STATUS,):
            raise ValidationError("Select a claim status")

    def filters(self) -> dict:
        return {"text": self.text.data or None, "status": None if self.status.data == ANY_STATUS else self.status.data}

    def described(self) -> list[str]:
        """What was searched, in words: for "No properties match" and the printed heading."""
        words = [f"{self.text.label.text} ‘{self.text.data}’"] if self.text.data else []
        return words + ([f"Claim status ‘{self.status.data}’"] if self.status.data != ANY_STATUS else [])

    def filter_names(self) -> str:
        """For the audit log: the search words may be a tenant's name, so only that there were some."""
        return " ".join(name for name, used in (("q", self.text.data), (f"status={self.status.data}",
                                                                     self.status.data != ANY_STATUS)) if used)


class PropertyDetailsForm(FlaskForm):
    own_reference = StringField(filters=STRIP, validators=[Length(
        max=OWN_REFERENCE_MAX, message=f"Your reference must be {OWN_REFERENCE_MAX} characters or fewer")])
    notes = TextAreaField(filters=STRIP, validators=[Length(
        max=NOTES_MAX, message=f"Notes must be {NOTES_MAX:,} characters or fewer")])

    def validate_own_reference(self, field):
        if field.data and not OWN_REFERENCE.fullmatch(field.data):
            raise ValidationError("Your reference must start with a letter or number, and use only letters, "
                                  "numbers, spaces, slashes, hyphens, full stops and underscores")


class NoLongerOwnedForm(FlaskForm):
    ended_on = StringField(filters=STRIP)
    details = TextAreaField(filters=STRIP, validators=[Length(
        max=DETAILS_MAX, message=f"Details must be {DETAILS_MAX:,} characters or fewer")])

    def validate_ended_on(self, field):
        if not field.data:
            raise StopValidation("Enter the date you stopped owning the property")
        try:
            field.date = parse_date_text(field.data)
        except ValueError as error:
            raise ValidationError("The date you stopped owning the property must be a real date, "
                                  "like 27/03/2026") from error
        # As for a tenancy ending: a sale already agreed may be reported up to 8 weeks ahead.
        if field.date > today() + NOTICE_AHEAD:
            raise ValidationError("The date you stopped owning the property must be within 8 weeks from today")
