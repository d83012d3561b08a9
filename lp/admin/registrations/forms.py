"""The officer's decision forms: approve (nothing to fill in, but CSRF) and reject with a reason."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class ApproveForm(FlaskForm):
    pass


class RejectForm(FlaskForm):
    reason = TextAreaField(
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired("Enter the reason for rejecting the registration"),
            Length(max=1000, message="The reason must be 1,000 characters or fewer"),
        ],
    )
