"""The to-do list's filter, and the answer forms: GOV.UK date inputs, money in pounds and pence, radios."""
from __future__ import annotations

import re
from datetime import date

from flask import request
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from lp.horizon import today
from lp.models import RENT_FREQUENCIES, SERVICE_CHARGE_PAYERS, TENANCY_TYPES
from lp.tasks.queries import DUE_CHOICES, STATE_CHOICES
from lp.validators import STRIP

MONEY = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{2}))?")
MAX_RENT_PENCE = 10_000_00  # more than any rent a week or a month: a slip, such as pence typed as pounds


class TaskFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    text = StringField("Tenant, claim reference or postcode", name="q", filters=STRIP)
    due = StringField("Due", default="all")
    state = StringField("Show", default="open")

    def __init__(self):
        super().__init__(request.args)
        # An unknown value is the default rather than an error: links are the only way to set them.
        self.due.data = self.due.data if self.due.data in DUE_CHOICES else "all"
        self.state.data = self.state.data if self.state.data in STATE_CHOICES else "open"


class DateInput(Field):
    """A GOV.UK date input: three boxes, name-day, name-month and name-year; `data` is a date or None."""

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.parts = {"day": "", "month": "", "year": ""}
        if formdata is not None:
            self.parts = {part: (formdata.get(f"{self.name}-{part}") or "").strip() for part in self.parts}
        self.data = None

    def parse(self, what: str) -> date:
        """The date, or ValidationError worded as GOV.UK's date input pattern asks."""
        missing = [part for part, value in self.parts.items() if not value]
        if len(missing) == 3:
            raise StopValidation(f"Enter {what}")
        if missing:
            raise StopValidation(f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(self.parts[part]) for part in ("day", "month", "year"))
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            raise StopValidation(f"{what[0].upper()}{what[1:]} must be a real date") from None
        return self.data


def pounds_to_pence(text: str) -> int:
    """'£1,234.5' is refused, '1234.50', '£1,234.50' and '1234' read; ValueError otherwise."""
    match = MONEY.fullmatch(text.strip())
    if not match:
        raise ValueError
    return int(match[1].replace(",", "")) * 100 + int(match[2] or 0)


def money(field, what: str, *, allow_zero: bool) -> int:
    if not field.data:
        raise StopValidation(f"Enter {what}")
    try:
        pence = pounds_to_pence(field.data)
    except ValueError:
        raise StopValidation(f"{what[0].upper()}{what[1:]} must be an amount in pounds and pence, like 125.50") from None
    if pence == 0 and not allow_zero:
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be more than £0")
    if pence > MAX_RENT_PENCE:
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be £10,000 or less")
    field.pence = pence
    return pence


class TenancyDetailsForm(FlaskForm):
    tenant_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter the tenant’s name as it is on the tenancy agreement"),
        Length(max=200, message="The tenant’s name must be 200 characters or fewer")])
    rent = StringField(filters=STRIP)
    rent_frequency = StringField()
    service_charges = StringField(filters=STRIP)
    service_charges_paid_by = StringField()
    tenancy_start = DateInput()
    tenancy_type = StringField()

    def validate_rent(self, field):
        money(field, "the rent", allow_zero=False)

    def validate_rent_frequency(self, field):
        if field.data not in RENT_FREQUENCIES:
            raise ValidationError("Select how often the rent is charged")

    def validate_service_charges(self, field):
        money(field, "the service charges (enter 0 if there are none)", allow_zero=True)

    def validate_service_charges_paid_by(self, field):
        if field.data not in SERVICE_CHARGE_PAYERS:
            raise ValidationError("Select who pays the service charges")
        if field.data == "none" and getattr(self.service_charges, "pence", 0):
            raise ValidationError("Select who pays the service charges: you entered an amount for them")

    def validate_tenancy_start(self, field):
        started = field.parse("the date the tenancy started")
        if started > today():
            raise ValidationError("The date the tenancy started must be today or in the past")

    def validate_tenancy_type(self, field):
        if field.data not in TENANCY_TYPES:
            raise ValidationError("Select the type of tenancy")


class StillResidentForm(FlaskForm):
    still_resident = StringField()
    moved_out = DateInput()

    def validate_still_resident(self, field):
        if field.data not in ("yes", "no"):
            raise StopValidation("Select yes if the tenant still lives at the property")

    def validate_moved_out(self, field):
        if self.still_resident.data != "no":
            return
        moved = field.parse("the date the tenant moved out")
        if moved > today():
            raise ValidationError("The date the tenant moved out must be today or in the past")


ANSWER_FORMS = {"tenancy_details": TenancyDetailsForm, "still_resident": StillResidentForm}
