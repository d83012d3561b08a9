"""The claim search form: a GET form read from the query string, so a search is a shareable URL."""
from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice

from lp.daterange import date_within_horizon, parse_date_text
from lp.models import CLAIM_STATUSES, search_key

# The claim types the extract allows (docs/data-format.md, claims.csv).
CLAIM_TYPES = ("Private", "Housing Association", "Supported", "Temporary")
ANY_STATUS = "any"


class ClaimSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    reference = StringField("Claim reference")
    rent = StringField("Rent reference", description="Or your landlord reference, | and the rent reference, for example 9998|NHA/00231")
    claim_type = SelectField("Claim type", name="type", validate_choice=False,
                             choices=[SelectChoice("", "Any")] + [SelectChoice(t) for t in CLAIM_TYPES])
    status = SelectField("HB status", default="Active", validate_choice=False,
                         choices=[SelectChoice(s) for s in CLAIM_STATUSES] + [SelectChoice(ANY_STATUS, "Any")])
    first_name = StringField("First name", description="Or the start of it")
    surname = StringField("Last name", description="Or the start of it, for example Smi")
    postcode = StringField("Postcode", description="Or the start of it, for example AN3")
    suspended = BooleanField("Only suspended claims", false_values=("", "0", "false"))
    unread_since = StringField("Unread letters sent since", description="For example, 27/03/2026")

    def __init__(self):
        super().__init__(request.args)

    def validate_claim_type(self, field):
        if field.data and field.data not in CLAIM_TYPES:
            raise ValidationError("Select a claim type")

    def validate_status(self, field):
        if field.data not in CLAIM_STATUSES + (ANY_STATUS,):
            raise ValidationError("Select an HB status")

    def validate_unread_since(self, field):
        if field.data:
            date_within_horizon(field.data, "Unread letters sent since")

    def filters(self) -> dict:
        """The search as claims_for() keywords (call after validate())."""
        account, _, rent = (self.rent.data or "").rpartition("|")  # "9998|NHA/00231" or "NHA/00231"
        return {
            "reference": (self.reference.data or "").strip() or None,
            "account_reference": account.strip() or None,
            "rent_reference": rent.strip() or None,
            "claim_type": self.claim_type.data or None,
            "status": None if self.status.data == ANY_STATUS else self.status.data,
            "first_name": search_key(self.first_name.data) or None,
            "surname": search_key(self.surname.data) or None,
            "postcode": search_key(self.postcode.data) or None,
            "suspended_only": self.suspended.data,
            "unread_since": parse_date_text(self.unread_since.data) if self.unread_since.data else None,
        }

    def described(self) -> list[str]:
        """What was searched, in words: for "No claims match" and the printed heading."""
        return described(self, prefix=("first_name", "surname", "postcode"))

    def filter_names(self) -> str:
        """The filters used, for the audit log: values of names and postcodes are never recorded."""
        personal = {"first_name", "surname", "postcode"}
        return ", ".join(
            name if name in personal else f"{name}={field.data}"
            for name, field in self._fields.items() if field.data
        )


def described(form, prefix=()) -> list[str]:
    """A filter form's filters in words (Date from ‘01/04/2026’), for headings and empty results.

    Fields named in `prefix` match the start of a value, and say so.
    """
    words = []
    for name, field in form._fields.items():
        if not str(field.data or "").strip():
            continue
        if field.type == "BooleanField":
            words.append(field.label.text.lower())
            continue
        shown = field.data
        if field.type == "SelectField":
            shown = next((choice.label for choice in field.choices if choice.value == field.data), field.data)
        starts = " starts with" if name in prefix else ""
        words.append(f"{field.label.text}{starts} ‘{str(shown).strip()}’")
    return words
