"""UK phone numbers, the one home for them: checked and stored in E.164, shown as people write them.

phonenumbers (Google's libphonenumber) parses every way a number is written ("07911 654321",
"+44 (0)7911 654321", "0044 7911 654321", "07911-654-321"). Its validity check is not enough for
mobiles: it knows only the blocks Ofcom has allocated so far, so it refuses both the drama range
our own hint uses (07700 900xxx) and real numbers in blocks newer than its metadata. A UK mobile is
therefore any 07 number in Ofcom's mobile ranges: 071-075 and 077-079, and 07624 (Isle of Man).
"""
from __future__ import annotations

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
