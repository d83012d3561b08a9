"""The from/to date filter every list shares (payments, claim payments, entitlements, letters).

A GET form: dates typed as dd/mm/yyyy (GOV.UK "For example, 27/03/2026") or yyyy-mm-dd; a from-date
before the horizon is refused with a message naming the earliest date allowed.
"""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError

from lp.formats import format_date, parse_uk_date
from lp.horizon import horizon_date, today


def parse_date_text(text: str) -> date:
    text = (text or "").strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError as error:
            raise ValueError("must be a real date, like 27/03/2026") from error
    try:
        return parse_uk_date(text)
    except ValueError as error:
        raise ValueError("must be a real date, like 27/03/2026") from error


def date_within_horizon(text: str, label: str) -> date:
    """A typed date for a filter field named `label`, refused (ValidationError) when it is not a
    real date or is before the horizon, with a message naming the earliest date allowed."""
    try:
        value = parse_date_text(text)
    except ValueError as error:
        raise ValidationError(f"{label} {error}") from error
    earliest = horizon_date()
    if value < earliest:
        raise ValidationError(
            f"{label} must be on or after {format_date(earliest)}: the service shows the last "
            f"{round((today() - earliest).days / 365)} years only"
        )
    return value


class DateRangeForm(FlaskForm):
    """Read from the query string: `from` and `to`, both optional."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    date_from = StringField("Date from", name="from", description="For example, 27/03/2026")
    date_to = StringField("Date to", name="to", description="For example, 27/03/2026")

    def __init__(self, *args, **kwargs):
        from flask import request

        super().__init__(request.args, *args, **kwargs)

    def validate_date_from(self, field):
        if field.data:
            date_within_horizon(field.data, "Date from")

    def validate_date_to(self, field):
        if not field.data:
            return
        try:
            value = parse_date_text(field.data)
        except ValueError as error:
            raise ValidationError(f"Date to {error}") from error
        start = self.start
        if start is not None and value < start:
            raise ValidationError("Date to must be the same as or after date from")

    @property
    def start(self) -> date | None:
        """The from-date to query with, never before the horizon."""
        try:
            value = parse_date_text(self.date_from.data) if self.date_from.data else None
        except ValueError:
            value = None
        return max(value, horizon_date()) if value else horizon_date()

    @property
    def end(self) -> date | None:
        try:
            return parse_date_text(self.date_to.data) if self.date_to.data else None
        except ValueError:
            return None
