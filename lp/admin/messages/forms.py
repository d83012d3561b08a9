"""The daily message form: plain text (no HTML), a first and last day, and whether sign-in shows it."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length

from lp.daterange import parse_date_text
from lp.formats import format_date
from lp.validators import STRIP

LOOKS_LIKE_HTML = re.compile(r"<\s*[a-zA-Z/!?]")


class MessageForm(FlaskForm):
    body = TextAreaField("Message", filters=STRIP, validators=[
        DataRequired("Enter the message"), Length(max=2000, message="The message must be 2,000 characters or fewer")])
    starts_on = StringField("First day shown", description="For example, 27/03/2026", filters=STRIP,
                            validators=[DataRequired("Enter the first day to show the message")])
    ends_on = StringField("Last day shown", description="For example, 27/03/2026", filters=STRIP,
                          validators=[DataRequired("Enter the last day to show the message")])
    show_on_sign_in = BooleanField("Also show it on the sign-in page")

    def validate_body(self, field):
        # The page escapes it anyway (the lines filter); refusing says plainly that HTML will not work.
        if LOOKS_LIKE_HTML.search(field.data or ""):
            raise ValidationError("The message must be plain text: remove the HTML tags")

    def validate_starts_on(self, field):
        self._date(field, "First day shown")

    def validate_ends_on(self, field):
        end = self._date(field, "Last day shown")
        start = self.first_day
        if start and end < start:
            raise ValidationError(f"Last day shown must be on or after {format_date(start)}")

    @property
    def first_day(self):
        try:
            return parse_date_text(self.starts_on.data)
        except ValueError:
            return None

    @property
    def last_day(self):
        return parse_date_text(self.ends_on.data)

    @staticmethod
    def _date(field, label: str):
        try:
            return parse_date_text(field.data)
        except ValueError as error:
            raise ValidationError(f"{label} {error}") from error


class EndForm(FlaskForm):
    """Ending a message: nothing to fill in, but CSRF."""
