"""The council's change-report forms: the inbox filter, and a status change with a reply for the landlord."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from lp.models import CHANGE_STATUSES
from lp.validators import STRIP

AGES = {"": "Any age", "2": "Older than 2 days", "7": "Older than a week", "28": "Older than 4 weeks"}


class InboxFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Status", validate_choice=False, choices=[
        SelectChoice("", "Open (received or being looked at)"), *(SelectChoice(k, v) for k, v in CHANGE_STATUSES.items())])
    age = SelectField("Age", choices=[SelectChoice(k, v) for k, v in AGES.items()], validate_choice=False)

    @property
    def status_key(self) -> str | None:
        return self.status.data if self.status.data in CHANGE_STATUSES else None

    @property
    def days(self) -> int | None:
        return int(self.age.data) if self.age.data in AGES and self.age.data else None


class StatusForm(FlaskForm):
    # Rendered as GOV.UK radios by the template; the choice is checked here.
    status = StringField(validators=[DataRequired("Select the status")])
    reply = TextAreaField(filters=STRIP, validators=[
        DataRequired("Enter a note for the landlord"),
        Length(max=2000, message="The note must be 2,000 characters or fewer"),
    ])

    def validate_status(self, field):
        if field.data not in CHANGE_STATUSES:
            raise ValidationError("Select the status")
