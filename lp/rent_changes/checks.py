"""Checking every line of a rent-change file against the landlord's own claims, before anything is kept.

A line's fault is an error (the file is refused, every error listed at once); a change of more than
CHECK_CHANGE_PERCENT is a warning: big changes are real (social to affordable rent, service charges
folded into the rent, the end of a rent-free period), so refusing them would push the landlord back
to paper, but the landlord must confirm them on the preview and the council's schedule flags them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from lp.formats import format_date, format_money, parse_uk_date
from lp.imports.errors import Errors
from lp.models import RENT_FREQUENCIES
from lp.rent_changes.reading import decode, read_lines

# The effective dates accepted: from a month back (late news of April's rises) to three months ahead.
EFFECTIVE_WINDOW = (timedelta(days=-31), timedelta(days=92))
CHECK_CHANGE_PERCENT = 50
MAX_WEEKLY_RENT_PENCE = 2_000_00  # above this it is a slip (pence typed as pounds), not a rent
_MONEY = re.compile(r"£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMULA_STARTS = ("=", "@")


@dataclass
class Claims:
    """The landlord's own claims, as the check looks them up (queries.claims_to_check builds it)."""
    by_reference: dict[str, int] = field(default_factory=dict)
    status_of: dict[int, str] = field(default_factory=dict)
    by_rent_reference: dict[str, list[int]] = field(default_factory=dict)
    reference_of: dict[int, str] = field(default_factory=dict)
    current_weekly_rent: dict[int, int] = field(default_factory=dict)  # from earlier submissions
    waiting: dict[tuple[int, date], str] = field(default_factory=dict)  # (claim, date) -> submission sent


@dataclass
class Checked:
    lines: list[dict]
    errors: Errors
    unchanged: int = 0

    @property
    def warnings(self) -> int:
        return sum(1 for line in self.lines if line["warning"])


class LineFault(ValueError):
    def __init__(self, column: str, reason: str, kind: str | None = None):
        super().__init__(reason)
        self.column, self.reason, self.kind = column, reason, kind


def window(today: date) -> tuple[date, date]:
    return today + EFFECTIVE_WINDOW[0], today + EFFECTIVE_WINDOW[1]


def check_file(data: bytes, claims: Claims, today: date) -> Checked:
    """Every line checked; raises reading.FileRefused for a file that cannot be read at all."""
    columns, lines = read_lines(decode(data))
    checked = Checked([], Errors())
    seen: dict[int, int] = {}
    for number, cells in lines:
        row = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
        if not row.get("new_rent") and not row.get("effective_date"):
            checked.unchanged += 1  # a template line left as it was: no change for that tenant
            continue
        faults = []
        line = _check_line(row, claims, today, faults)
        if line is not None and line["claim_id"] in seen:
            reference = claims.reference_of[line["claim_id"]]
            faults.append(LineFault("claim_reference", f"claim {reference} is already on line {seen[line['claim_id']]}",
                                    "claim is on two lines of the file"))
        for fault in faults:
            checked.errors.add("", number, fault.column, fault.reason, fault.kind)
        if line is not None and not faults:
            seen[line["claim_id"]] = number
            checked.lines.append({"line_number": number, **line})
    return checked


def _check_line(row: dict, claims: Claims, today: date, faults: list) -> dict | None:
    for name, value in row.items():
        if value.startswith(_FORMULA_STARTS):
            faults.append(LineFault(name, f"{_label(name)} is a formula: save the file with values, not formulas",
                                    "cell is a formula: save the file with values, not formulas"))
    if faults:
        return None
    claim_id = _find_claim(row, claims, faults)
    rent = _money(row, "new_rent", faults, required=True)
    frequency = (row.get("frequency") or "weekly").lower().replace(" ", "-")
    if frequency not in RENT_FREQUENCIES:
        faults.append(LineFault("frequency", "frequency must be weekly, fortnightly, four-weekly or monthly"))
    charges = _money(row, "service_charges", faults, required=False) or 0
    effective = _date(row.get("effective_date", ""), today, faults)
    if faults:
        return None
    weekly_rent, weekly_charges = _weekly(rent, frequency), _weekly(charges, frequency)
    if not 0 < weekly_rent <= MAX_WEEKLY_RENT_PENCE:
        faults.append(LineFault("new_rent", f"new rent must be more than £0 and at most "
                                f"{format_money(MAX_WEEKLY_RENT_PENCE)} a week", "new rent is not a plausible weekly rent"))
    if charges > rent:
        faults.append(LineFault("service_charges", "service charges must not be more than the rent"))
    waiting = claims.waiting.get((claim_id, effective))
    if waiting:
        faults.append(LineFault("effective_date", f"claim {claims.reference_of[claim_id]} already has a change "
                                f"from {format_date(effective)} waiting at the council ({waiting})",
                                "change is already waiting at the council"))
    previous = claims.current_weekly_rent.get(claim_id)
    return {"claim_id": claim_id, "rent_pence": rent, "frequency": frequency, "weekly_rent_pence": weekly_rent,
            "service_charges_pence": charges, "weekly_service_charges_pence": weekly_charges,
            "effective_date": effective, "previous_weekly_rent_pence": previous,
            "warning": _warning(previous, weekly_rent)}


def _find_claim(row: dict, claims: Claims, faults: list) -> int | None:
    """The claim by its reference or rent reference, among the landlord's own claims only: a
    reference of another landlord's claim reads exactly like one that does not exist."""
    reference, rent_reference = row.get("claim_reference", ""), row.get("rent_reference", "")
    claim_id = None
    if reference:
        claim_id = claims.by_reference.get(reference) or claims.by_reference.get(reference.upper())
        if claim_id is None:
            faults.append(LineFault("claim_reference", f"claim reference {reference} is not one of your claims",
                                    "claim reference is not one of your claims"))
            return None
    if rent_reference:
        ids = claims.by_rent_reference.get(rent_reference, [])
        if claim_id is not None and claim_id not in ids:
            faults.append(LineFault("rent_reference", f"rent reference {rent_reference} is not the rent reference "
                                    f"of claim {reference}", "rent reference is not the claim’s"))
            return None
        if not ids:
            faults.append(LineFault("rent_reference", f"rent reference {rent_reference} is not one of your claims",
                                    "rent reference is not one of your claims"))
            return None
        if claim_id is None and len(ids) > 1:
            faults.append(LineFault("rent_reference", f"rent reference {rent_reference} is on more than one of "
                                    "your claims: give the claim reference", "rent reference is on more than one claim"))
            return None
        claim_id = claim_id if claim_id is not None else ids[0]
    if claim_id is None:
        faults.append(LineFault("claim_reference", "give a claim reference or a rent reference"))
        return None
    if claims.status_of[claim_id] == "Ended":
        faults.append(LineFault("claim_reference", f"claim {claims.reference_of[claim_id]} has ended",
                                "claim has ended"))
    return claim_id


def _label(column: str) -> str:
    return column.replace("_", " ")


def _money(row: dict, column: str, faults: list, *, required: bool) -> int | None:
    text = row.get(column, "")
    if not text:
        if required:
            faults.append(LineFault(column, f"{_label(column)} is empty"))
        return None
    match = _MONEY.fullmatch(text.replace(" ", ""))
    if not match:
        faults.append(LineFault(column, f"{_label(column)} must be an amount in pounds, like 125.50, not {text}",
                                f"{_label(column)} is not an amount in pounds, like 125.50"))
        return None
    pounds, pence = match.groups()
    return int(pounds.replace(",", "")) * 100 + int((pence or "0").ljust(2, "0"))


def _date(text: str, today: date, faults: list) -> date | None:
    try:
        value = date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else parse_uk_date(text)
    except ValueError:
        faults.append(LineFault("effective_date", f"effective date must be a real date, like 06/04/2027, not "
                                f"{text}" if text else "effective date is empty", "effective date is not a date, like 06/04/2027"))
        return None
    earliest, latest = window(today)
    if not earliest <= value <= latest:
        faults.append(LineFault("effective_date", f"effective date {format_date(value)} must be between "
                                f"{format_date(earliest)} and {format_date(latest)}", "effective date is outside the dates allowed"))
        return None
    return value


def _weekly(pence: int, frequency: str) -> int:
    """The weekly equivalent, rounded half up to a penny (a monthly rent × 12 ÷ 52)."""
    weeks = RENT_FREQUENCIES.get(frequency, 52)
    return (pence * weeks * 2 + 52) // 104


def _warning(previous: int | None, weekly: int) -> str | None:
    if not previous or abs(weekly - previous) * 100 <= previous * CHECK_CHANGE_PERCENT:
        return None
    return (f"The rent changes by more than {CHECK_CHANGE_PERCENT}% "
            f"({format_money(previous)} to {format_money(weekly)} a week)")
