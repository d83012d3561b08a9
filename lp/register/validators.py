"""Checks of the registration form: postcodes and people's names (phone numbers: lp/validators.py)."""
from __future__ import annotations

import re

from wtforms.validators import ValidationError

NOT_A_PERSON = "Enter the name of a person, not a team or role: each person signs in with their own account"
# Words that name a team, a role or an organisation rather than a person ("Rent Payments", "Office").
_ROLE_WORDS = frozenset({
    "account", "accounts", "admin", "administration", "administrator", "agency", "agent",
    "association", "billing", "business", "clerk", "company", "contact", "council", "credit",
    "customer", "department", "dept", "director", "enquiries", "enquiry", "estate", "estates",
    "finance", "financial", "general", "group", "helpdesk", "hq", "housing", "income", "info",
    "information", "landlord", "letting", "lettings", "limited", "ltd", "mailbox", "management",
    "manager", "office", "officer", "payment", "payments", "payroll", "plc", "properties",
    "property", "reception", "rent", "rents", "sales", "service", "services", "staff", "support",
    "team", "tenancy", "tenancies", "the", "trust",
})
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def role_words(name: str) -> bool:
    """True when a name contains a word that names a team or role, or something no name has."""
    words = re.split(r"[\s\-'.,&/]+", name.lower())
    return any(word in _ROLE_WORDS for word in words) or bool(re.search(r"[0-9@_]", name))


def person_name(form, field) -> None:
    # "Rent Payments" is one mistake: said once, by the first name, not twice.
    said = any(NOT_A_PERSON in f.errors for f in form if f is not field and f.name.endswith("_name"))
    if field.data and role_words(field.data) and not said:
        raise ValidationError(NOT_A_PERSON)


def uk_postcode(form, field) -> None:
    """A UK postcode, stored upper case with one space: AN1 1AA."""
    match = _POSTCODE.match("".join((field.data or "").split()).upper())
    if not match:
        raise ValidationError("Enter a real postcode, like AN1 1AA")
    field.data = f"{match.group(1)} {match.group(2)}"
