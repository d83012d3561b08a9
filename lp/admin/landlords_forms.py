"""The landlord pages' forms: search, link a landlord reference, and the user actions (CSRF only)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Organisation name, landlord reference, postcode or user's e-mail address",
                    filters=[_strip], validators=[Length(max=254, message="Enter 254 characters or fewer")])

    def __init__(self, *args, **kwargs):
        from flask import request

        super().__init__(request.args, *args, **kwargs)


class LinkAccountForm(FlaskForm):
    reference = StringField("Landlord reference", filters=[_strip], validators=[
        DataRequired("Enter the landlord reference"),
        Length(max=20, message="Landlord reference must be 20 characters or fewer"),
    ])


class ActionForm(FlaskForm):
    """Unlock, resend, reset mobile, deactivate: nothing to fill in, but every POST carries CSRF."""
