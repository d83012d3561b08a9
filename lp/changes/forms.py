"""The change report form: what changed, when, and the details."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from lp.daterange import parse_date_text
from lp.horizon import today
from lp.models import CHANGE_TYPES
from lp.register.forms import STRIP

DETAILS_MAX = 2000


class ChangeReportForm(FlaskForm):
    # Rendered as GOV.UK radios by the template; the choice is checked here, once.
    change_type = StringField(validators=[DataRequired("Select what has changed")])
    happened_on = StringField(filters=STRIP, validators=[DataRequired("Enter the date the change happened")])
    details = TextAreaField(filters=STRIP, validators=[
        DataRequired("Enter the details of the change"),
        Length(max=DETAILS_MAX, message=f"Details must be {DETAILS_MAX:,} characters or fewer"),
    ])

    def validate_change_type(self, field):
        if field.data not in CHANGE_TYPES:
            raise ValidationError("Select what has changed")

    def validate_happened_on(self, field):
        try:
            field.date = parse_date_text(field.data)
        except ValueError as error:
            raise ValidationError("The date the change happened must be a real date, like 27/03/2026") from error
        if field.date > today():
            raise ValidationError("The date the change happened must be today or in the past")
