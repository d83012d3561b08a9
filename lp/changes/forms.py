"""The change report form: what changed, when, and the details."""
from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from lp.daterange import parse_date_text
from lp.horizon import today
from lp.models import CHANGE_TYPES
from lp.validators import STRIP

DETAILS_MAX = 2000
# A landlord may report a tenancy that ends under a notice already given: up to 8 weeks ahead.
NOTICE_AHEAD = timedelta(weeks=8)
# Reported from a property's page (lp/properties), never from a claim's form.
PROPERTY_CHANGE_TYPES = ("property_sold",)


class ChangeReportForm(FlaskForm):
    # Rendered as GOV.UK radios by the template; the choice is checked here, once.
    change_type = StringField(validators=[DataRequired("Select what has changed")])
    happened_on = StringField(filters=STRIP)  # required, with its wording per kind: validate_happened_on
    details = TextAreaField(filters=STRIP, validators=[
        DataRequired("Enter the details of the change"),
        Length(max=DETAILS_MAX, message=f"Details must be {DETAILS_MAX:,} characters or fewer"),
    ])

    def validate_change_type(self, field):
        if field.data not in CHANGE_TYPES or field.data in PROPERTY_CHANGE_TYPES:
            raise ValidationError("Select what has changed")

    def validate_happened_on(self, field):
        ended = self.change_type.data == "tenancy_ended"
        what = "the tenancy ended" if ended else "the change happened"
        if not field.data:
            raise StopValidation(f"Enter the date {what}")
        try:
            field.date = parse_date_text(field.data)
        except ValueError as error:
            raise ValidationError(f"The date {what} must be a real date, like 27/03/2026") from error
        if ended and field.date > today() + NOTICE_AHEAD:
            raise ValidationError("The date the tenancy ended must be within 8 weeks from today")
        if not ended and field.date > today():
            raise ValidationError("The date the change happened must be today or in the past")
