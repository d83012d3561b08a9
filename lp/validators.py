"""Checks of what people type, one home for each: UK phone numbers, postcodes and people's names.

Phone numbers are checked and stored in E.164 and shown as people write them.

phonenumbers (Google's libphonenumber) parses every way a number is written ("07911 654321",
"+44 (0)7911 654321", "0044 7911 654321", "07911-654-321"). Its validity check is not enough for
mobiles: it knows only the blocks Ofcom has allocated so far, so it refuses both the drama range
our own hint uses (07700 900xxx) and real numbers in blocks newer than its metadata. A UK mobile is
therefore any 07 number in Ofcom's mobile ranges: 071-075 and 077-079, and 07624 (Isle of Man).
"""
from __future__ import annotations

import re

import phonenumbers
from wtforms.validators import ValidationError

MOBILE_EXAMPLE = "07700 900 982"
_MOBILE_RANGES = ("71", "72", "73", "74", "75", "77", "78", "79", "7624")


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    # +44 covers Great Britain, Northern Ireland, Jersey, Guernsey and the Isle of Man alike.
    return number if number.country_code == 44 else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def uk_mobile_number(text: str | None) -> str | None:
    """The number in E.164 (+447700900982) when it is a UK mobile, else None."""
    number = _parse(text or "")
    if number is None:
        return None
    national = str(number.national_number)
    if len(national) == 10 and national.startswith(_MOBILE_RANGES):
        return _e164(number)
    return None


def uk_telephone_number(text: str | None) -> str | None:
    """The number in E.164 when it is any valid UK number (landline, mobile, non-geographic), else None."""
    number = _parse(text or "")
    if number is None:
        return None
    if phonenumbers.is_valid_number(number):
        return _e164(number)
    return uk_mobile_number(text)


def uk_mobile(form, field) -> None:
    """WTForms: optional UK mobile (blank is None); anything else must be one. Stores E.164 in .data.
    Add DataRequired before it where a number is required."""
    if not field.data:
        field.data = None
        return
    normalised = uk_mobile_number(field.data)
    if normalised is None:
        raise ValidationError(f"Enter a UK mobile number, like {MOBILE_EXAMPLE}")
    field.data = normalised


def uk_telephone(form, field) -> None:
    normalised = uk_telephone_number(field.data)
    if normalised is None:
        raise ValidationError("Enter a UK telephone number, like 01632 960 001")
    field.data = normalised


def display_phone(e164: str | None) -> str:
    """A stored number as people write it in the UK: +447400123456 → 07400 123456."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code != 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = str(number.national_number)
    if national.startswith("7") and len(national) == 10:
        # libphonenumber has no pattern for unallocated blocks; every UK mobile is 07xxx xxxxxx.
        return f"0{national[:4]} {national[4:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)



def _strip(value):
    return value.strip() if isinstance(value, str) else value


# Every text field's filter: what people type is kept without the spaces around it.
STRIP = [_strip]

# A UK postcode: outward code, an optional space, inward code. The extract's loader and the forms
# both read postcodes by it.
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")


def normal_postcode(text: str) -> str | None:
    """The postcode upper case with one space (AN1 1AA), or None when `text` is not one."""
    match = _POSTCODE.fullmatch(text.upper())
    return f"{match[1]} {match[2]}" if match else None


def uk_postcode(form, field) -> None:
    """WTForms: a UK postcode, written any way with spaces; stored as normal_postcode() makes it."""
    normalised = normal_postcode("".join((field.data or "").split()))
    if normalised is None:
        raise ValidationError("Enter a real postcode, like AN1 1AA")
    field.data = normalised


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


def role_words(name: str) -> bool:
    """True when a name contains a word that names a team or role, or something no name has."""
    words = re.split(r"[\s\-'.,&/]+", name.lower())
    return any(word in _ROLE_WORDS for word in words) or bool(re.search(r"[0-9@_]", name))


def person_name(form, field) -> None:
    """WTForms: a person's name, not a team's or a role's (registration, team, console invitations)."""
    # "Rent Payments" is one mistake: said once, by the first name, not twice.
    said = any(NOT_A_PERSON in f.errors for f in form if f is not field and f.name.endswith("_name"))
    if field.data and role_words(field.data) and not said:
        raise ValidationError(NOT_A_PERSON)
