"""The form that makes an API token: its name, the data it may read, how long it lasts."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from lp.api.tokens import LIFETIMES
from lp.validators import STRIP


class NewTokenForm(FlaskForm):
    name = StringField("Name", filters=STRIP, validators=[
        DataRequired("Enter a name for the token"),
        Length(max=100, message="Name must be 100 characters or fewer"),
    ])
    permissions = SelectMultipleField("What data can it read?", validate_choice=False)
    lifetime = RadioField("When does it expire?", choices=[SelectChoice(k, v) for k, v in LIFETIMES.items()],
                          validate_choice=False)
    once = HiddenField()  # lp/api/tokens_views.py: a reload of the page that shows the secret makes no second token

    def __init__(self, grantable: dict[str, str]):
        super().__init__()
        self.grantable = grantable

    def validate_permissions(self, field):
        if not field.data:
            raise ValidationError("Select what data the token can read")
        if set(field.data) - self.grantable.keys():
            raise ValidationError("Select data that you can see yourself")

    def validate_lifetime(self, field):
        if field.data not in LIFETIMES:
            raise ValidationError("Select when the token expires")
