"""What makes a password acceptable (NCSC / ASVS 2.1): length, not common, not the service's name.

No composition rules: any printable character, spaces included. The common-password list is
Django's (see COMMON-PASSWORDS.md), loaded on first use, not at import time.
"""
from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 1000
_LIST = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _squash(text: str) -> str:
    """Lower case, letters and digits only: "Anytown Borough" and "anytown-borough" match alike."""
    return re.sub(r"[\W_]+", "", text.lower())


def _names() -> list[str]:
    """The council's name, its first word, and the service's name: the first guesses of an attacker."""
    council = current_app.config["LP_COUNCIL_NAME"] or ""
    service = current_app.config["LP_SERVICE_NAME"] or ""
    names = [council, service]
    first_word = council.split()[0] if council.split() else ""
    if len(first_word) >= 4:  # "The", "City" of ... would refuse too much
        names.append(first_word)
    return [squashed for name in names if len(squashed := _squash(name)) >= 4]


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """The GOV.UK error message for an unacceptable password, or None when it is acceptable."""
    if not password:
        return "Enter a password"
    if len(password) < MIN_LENGTH:
        return f"Your password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return "Your password must be 1,000 characters or fewer"
    if not password.isprintable():
        return "Your password must only include characters you can see, and spaces"
    squashed = _squash(password)
    if password.lower() in common_passwords() or squashed in common_passwords():
        return "Your password is too common. Choose a password that is harder to guess"
    if any(name in squashed for name in _names()):
        return "Your password must not include the name of the council or of this service"
    if username and len(_squash(username)) >= 4 and _squash(username) in squashed:
        return "Your password must not include your username"
    return None
