"""The audit log's filter: person, organisation, action and dates, back as far as retention allows."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, request
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice

from lp.daterange import parse_date_text
from lp.formats import format_date
from lp.horizon import today
from lp.validators import STRIP


def retention_start() -> date:
    """The oldest day the log still holds: the audit log is limited by retention, not the horizon."""
    return today() - timedelta(days=current_app.config["LP_AUDIT_RETENTION_DAYS"])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    person = StringField("Username", filters=STRIP)
    organisation = StringField("Organisation", filters=STRIP)
    action = SelectField("Action", choices=[], validate_choice=False)
    date_from = StringField("Date from", name="from", description="For example, 27/03/2026", filters=STRIP)
    date_to = StringField("Date to", name="to", description="For example, 27/03/2026", filters=STRIP)

    def __init__(self, actions: list[str]):
        super().__init__(request.args)
        self.action.choices = [SelectChoice("", "Any action")] + [SelectChoice(a) for a in actions]

    def validate_date_from(self, field):
        value = self._date(field, "Date from")
        if value and value < retention_start():
            raise ValidationError(f"Date from must be on or after {format_date(retention_start())}: "
                                  "older events are no longer kept")

    def validate_date_to(self, field):
        value = self._date(field, "Date to")
        if value and self.start and value < self.start:
            raise ValidationError("Date to must be the same as or after date from")

    @staticmethod
    def _date(field, label: str) -> date | None:
        try:
            return parse_date_text(field.data) if field.data else None
        except ValueError as error:
            raise ValidationError(f"{label} {error}") from error

    @property
    def start(self) -> date | None:
        return self._quiet(self.date_from.data)

    @property
    def end(self) -> date | None:
        return self._quiet(self.date_to.data)

    @staticmethod
    def _quiet(text: str | None) -> date | None:
        try:
            return parse_date_text(text) if text else None
        except ValueError:
            return None
