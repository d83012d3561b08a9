"""The letters filter: type, sent from/to (the shared date range, stopping at the horizon) and unread only."""
from __future__ import annotations

from wtforms import BooleanField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice

from lp.daterange import DateRangeForm


class LetterFilterForm(DateRangeForm):
    """`?unread=1&from=<date>` is "unread letters sent since <date>" (the dashboard links ?unread=1)."""

    letter_type = SelectField("Letter type", name="type", validate_choice=False)
    unread = BooleanField("Only unread letters", false_values=("", "0", "false"))

    def __init__(self, letter_types: list[str]):
        super().__init__()
        self.letter_type.choices = [SelectChoice("", "Any")] + [SelectChoice(t) for t in letter_types]

    def validate_letter_type(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select a letter type")

