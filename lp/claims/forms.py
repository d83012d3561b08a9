"""The claim search form: a GET form read from the query string, so a search is a shareable URL."""
from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice

from lp.daterange import date_within_horizon, parse_date_text
from lp.models import CLAIM_STATUSES, search_key
from lp.paging import described

# The claim types the extract allows (docs/data-format.md, claims.csv).
CLAIM_TYPES = ("Private", "Housing Association", "Supported", "Temporary")
ANY_STATUS = "any"
# The fields folded under "More filters" (the one search box and the sort stay outside).
MORE_FILTERS = ("surname", "first_name", "postcode", "reference", "rent", "status", "claim_type", "suspended",
                "unread_since")


class ClaimSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    # One box for what people search by most; the separate fields below it still work (links use them).
    text = StringField("Name, claim or rent reference, or postcode", name="q")
    reference = StringField("Claim reference")
    rent = StringField("Rent reference", description="Or your landlord reference, | and the rent reference, for example 9998|NHA/00231")
    claim_type = SelectField("Claim type", name="type", validate_choice=False,
                             choices=[SelectChoice("", "Any")] + [SelectChoice(t) for t in CLAIM_TYPES])
    # Every status by default: a search by name or reference must find an ended or suspended claim too.
    status = SelectField("HB status", default=ANY_STATUS, validate_choice=False,
                         choices=[SelectChoice(ANY_STATUS, "All")] + [SelectChoice(s) for s in CLAIM_STATUSES])
    first_name = StringField("First name", description="Or the start of it")
    surname = StringField("Last name", description="Or the start of it, for example Smi")
    postcode = StringField("Postcode", description="Or the start of it, for example AN3")
    suspended = BooleanField("Only suspended claims", false_values=("", "0", "false"))
    unread_since = StringField("Unread letters sent since", description="For example, 27/03/2026")

    def __init__(self):
        super().__init__(request.args)
        if self.suspended.data and self.status.data == "Active":
            # "Active" was this form's default, so older links pair it with "only suspended claims"; a
            # claim whose payments are suspended is still live, so the pair means the suspended claims.
            self.status.data = ANY_STATUS

    @property
    def more_filters_set(self) -> bool:
        """Whether "More filters" opens: one of the fields in it is set."""
        return any(self[name].data and self[name].data != ANY_STATUS for name in MORE_FILTERS)

    @property
    def statuses_shown(self) -> str:
        """Which HB statuses the results cover, in words that follow "claims"."""
        suspended = "whose payments are suspended, " if self.suspended.data else ""
        if self.status.data == ANY_STATUS:
            return suspended + ("of every HB status" if suspended else "of every HB status: active, suspended and ended")
        return f"{suspended}with HB status {self.status.data} only"

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
            "text": (self.text.data or "").strip() or None,
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
        return [words for words in described(self, prefix=("first_name", "surname", "postcode"))
                if words != "HB status ‘All’"]

    def filter_names(self) -> str:
        """The filters used, for the audit log: values of names and postcodes are never recorded."""
        personal = {"text", "first_name", "surname", "postcode"}
        return ", ".join(
            name if name in personal else f"{name}={field.data}"
            for name, field in self._fields.items() if field.data
        )
