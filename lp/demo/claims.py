"""A demo claim's life: start, April upratings, DHP awards, overpayments, suspension or end, and its
share of each 4-weekly payment. Dates are day ordinals (date.toordinal()) because this runs 5M times."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from lp.demo import places
from lp.formats import decimal_money

EPOCH_MONDAY = date(2000, 1, 3).toordinal()  # pay runs fall every 28 days from here, whatever the as-at
HORIZON_DAYS = 730
RUNS_PAST_HORIZON = 2  # so the horizon is visible: a little history lies beyond it
CLAIM_TYPES = {"ha": "Housing Association", "supported": "Supported", "agent": "Private",
               "private": "Private", "temporary": "Temporary"}
WEEKLY_RENT_POUNDS = {"ha": (85, 150), "supported": (150, 320), "agent": (110, 260),
                      "private": (100, 240), "temporary": (180, 350)}


@dataclass(frozen=True)
class Timeline:
    """The dates everything hangs on, from the as-at date."""

    as_at: int
    runs: list[int]  # pay dates (Mondays), oldest first
    upratings: list[int]  # first Monday of each April, up to the as-at date

    @classmethod
    def for_date(cls, as_at: date) -> Timeline:
        today = as_at.toordinal()
        last_run = today - (today - EPOCH_MONDAY) % 28
        first_run = last_run - 28 * ((HORIZON_DAYS // 28) + 1 + RUNS_PAST_HORIZON)
        upratings = []
        for year in range(date.fromordinal(first_run).year - 1, as_at.year + 1):
            april = date(year, 4, 1)
            monday = april + timedelta(days=(7 - april.weekday()) % 7)
            if monday.toordinal() <= today:
                upratings.append(monday.toordinal())
        return cls(today, list(range(first_run, last_run + 1, 28)), upratings)

    @property
    def history_start(self) -> int:
        return self.runs[0] - 28

    @property
    def next_run(self) -> int:
        return self.runs[-1] + 28



@lru_cache(maxsize=8192)
def day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def monday_between(rng: random.Random, first: int, last: int) -> int:
    chosen = rng.randint(first, max(first, last))
    return chosen - (chosen - EPOCH_MONDAY) % 7


@dataclass(slots=True)
class DemoClaim:
    reference: str
    first_name: str
    last_name: str
    rent_reference: str
    claim_type: str
    address: str
    postcode: str
    property_reference: str
    start: int
    end: int | None = None
    suspended_from: int | None = None
    suspension_reason: str = ""
    # (start, end or None, weekly pence, calculated on, why) — why is "start", "uprating" or "change"
    hb: list[tuple] = field(default_factory=list)
    # (start, end or None, weekly pence, frequency, calculated on)
    dhp: list[tuple] = field(default_factory=list)
    dhp_only: bool = False  # a Universal Credit tenant: DHP, paid as UCDHP
    overpayment_start: int | None = None
    overpayment_pence: int = 0  # outstanding, reduced as payments recover it
    recovery_weekly_pence: int = 0
    lump_recovery: bool = False  # overpaid after the end: recovered as one negative line
    letters: list[tuple] = field(default_factory=list)  # (sent on, letter type, detail)

    @property
    def status(self) -> str:
        return "Ended" if self.end is not None else "Suspended" if self.suspended_from else "Active"

    def weekly_at(self, day: int, *, dhp: bool = False) -> int:
        for segment in reversed(self.dhp if dhp else self.hb):
            if segment[0] <= day:
                return segment[2] if segment[1] is None or day <= segment[1] else 0
        return 0


def make_claim(rng: random.Random, number: int, kind: str, rent_prefix: str, timeline: Timeline,
               rates: dict[int, float], *, allow_lump: bool) -> DemoClaim:
    first, last = places.tenant_name(rng)
    address, postcode = places.address(rng, flat=kind != "private" and rng.random() < 0.7)
    history = timeline.history_start
    if rng.random() < 0.7:
        start = monday_between(rng, timeline.as_at - 8 * 365, history - 7)
    else:
        start = monday_between(rng, history, timeline.as_at - 35)
    claim = DemoClaim(
        reference=f"HB{1000000 + number}", first_name=first, last_name=last,
        rent_reference=f"{rent_prefix}/{number:06d}",
        claim_type=CLAIM_TYPES["supported" if kind == "ha" and rng.random() < 0.2 else kind],
        address=address, postcode=postcode, property_reference=f"P{4000000 + number:07d}", start=start,
        dhp_only=rng.random() < 0.06,
    )
    fate = rng.random()
    if fate < 0.10 and start < timeline.as_at - 120:
        claim.end = monday_between(rng, max(start + 56, history + 28), timeline.as_at - 14) - 1
        claim.lump_recovery = allow_lump and not claim.dhp_only and rng.random() < 0.4
        claim.letters.append((claim.end + rng.randint(3, 10), "Claim ended",
                              f"Housing Benefit for this tenant ended on {day(claim.end)}."))
        if claim.lump_recovery:
            claim.letters.append((claim.end + 30, "Overpayment",
                                  "Benefit was paid after the claim ended. We will recover it from your next payment."))
    elif fate < 0.15:
        claim.suspended_from = monday_between(rng, max(start + 28, timeline.as_at - 90), timeline.as_at - 3)
        claim.suspension_reason = rng.choice(places.SUSPENSION_REASONS)
        claim.letters.append((claim.suspended_from + 2, "Suspension of payments",
                              f"From {day(claim.suspended_from)} we have stopped payments: {claim.suspension_reason.lower()}."))
    if start >= history:
        claim.letters.append((start + rng.randint(5, 30), "Award notice",
                              f"We have awarded benefit from {day(start)}, paid to you every four weeks."))
    if not claim.dhp_only:
        _hb_entitlements(rng, claim, kind, timeline, rates)
    _dhp_awards(rng, claim, timeline)
    if not claim.dhp_only and rng.random() < 0.15:
        claim.overpayment_start = monday_between(rng, max(start, history), timeline.as_at - 7)
        claim.overpayment_pence = rng.randint(80, 1500) * 100
        claim.recovery_weekly_pence = rng.choice([570, 855, 1140, 1425, 2000])
        claim.letters.append((claim.overpayment_start - 4, "Overpayment",
                              f"Benefit of £{decimal_money(claim.overpayment_pence)} was overpaid. We will recover "
                              f"£{decimal_money(claim.recovery_weekly_pence)} a week from your payments."))
    claim.letters.sort()
    return claim


def _hb_entitlements(rng, claim: DemoClaim, kind: str, timeline: Timeline, rates) -> None:
    """HB from the claim's start (or the uprating before the history starts), new at each April."""
    last_day = claim.end if claim.end is not None else timeline.as_at
    older = [u for u in timeline.upratings if u <= timeline.history_start]
    first = max(claim.start, older[-1] if older else claim.start)
    boundaries = [(first, "start" if first == claim.start else "uprating")]
    boundaries += [(u, "uprating") for u in timeline.upratings if first < u <= last_day]
    if rng.random() < 0.2:  # a change of circumstances mid-year; often a recent one, so letters are unread
        recent = rng.random() < 0.5
        change = monday_between(rng, max(first + 28, last_day - 60 if recent else first + 28), last_day - 7)
        if first < change <= last_day and change not in {b for b, _ in boundaries}:
            boundaries = sorted(boundaries + [(change, "change")])
    low, high = WEEKLY_RENT_POUNDS[kind]
    weekly = rng.randint(low * 100, high * 100)
    amounts = []
    for day_, why in reversed(boundaries):
        amounts.append(weekly)
        if why == "uprating":
            weekly = round(weekly / (1 + rates[date.fromordinal(day_).year]))
        elif why == "change":
            weekly = round(weekly / rng.uniform(0.85, 1.15))
    amounts.reverse()
    for i, ((day_, why), amount) in enumerate(zip(boundaries, amounts, strict=True)):
        end = boundaries[i + 1][0] - 1 if i + 1 < len(boundaries) else claim.end
        calculated = {"start": day_ + rng.randint(5, 30), "uprating": day_ - 17, "change": day_ - rng.randint(3, 10)}[why]
        claim.hb.append((day_, end, amount, min(calculated, timeline.as_at), why))
        if why != "start":
            claim.letters.append((min(calculated + 2, timeline.as_at), "Change in entitlement",
                                  f"From {day(day_)} the Housing Benefit is £{decimal_money(amount)} a week."))


def _dhp_awards(rng, claim: DemoClaim, timeline: Timeline) -> None:
    """Discretionary Housing Payment: time-limited awards; a UC tenant's are back to back."""
    if not claim.dhp_only and rng.random() > 0.18:
        return
    last_day = claim.end if claim.end is not None else timeline.as_at + 180
    start = max(claim.start, monday_between(rng, timeline.history_start - 180, timeline.as_at - 120))
    if claim.dhp_only:
        start = max(claim.start, timeline.history_start - 7 * rng.randint(0, 26))
    while start < min(last_day, timeline.as_at):
        end = start + 7 * rng.choice([13, 26, 26, 52]) - 1
        end = None if end > last_day and claim.end is None and rng.random() < 0.5 else min(end, last_day)
        weekly = rng.randint(10, 60) * 100 + rng.choice([0, 50])
        frequency = "Weekly" if rng.random() < 0.7 else "Four-weekly"
        claim.dhp.append((start, end, weekly, frequency, start - rng.randint(3, 14)))
        claim.letters.append((start - rng.randint(1, 10), "DHP award",
                              f"We have awarded a Discretionary Housing Payment of £{decimal_money(weekly)} a week "
                              f"from {day(start)}" + (f" to {day(end)}." if end else ".")))
        if end is None or not claim.dhp_only and rng.random() < 0.6:
            break
        start = end + 1 + 7 * rng.choice([0, 0, 4])


def line_for_run(claim: DemoClaim, run: int, rng: random.Random) -> tuple | None:
    """The claim's share of the payment on `run`: (hb, dhp, adjustment, reason, from, to) in pence, or None."""
    if claim.end is not None and claim.lump_recovery and claim.end + 28 < run <= claim.end + 56:
        overpaid = 2 * claim.hb[-1][2]  # paid two weeks past the end before the end was known
        return 0, 0, -overpaid, "Overpayment recovery: paid after the claim ended", claim.end + 1, claim.end + 14
    first, last = max(run - 28, claim.start), run - 7  # the Mondays of the weeks paid for
    if claim.end is not None:
        last = min(last, claim.end - 6)
    if claim.suspended_from is not None:
        last = min(last, claim.suspended_from - 7)
    if first > last:
        return None
    hb = _total(claim.hb, first, last)
    dhp = _total(claim.dhp, first, last) if claim.dhp else 0
    if not hb and not dhp:
        return None
    adjustment, reason = 0, None
    if claim.overpayment_pence and claim.overpayment_start is not None and claim.overpayment_start < run and hb:
        weeks = (last - first) // 7 + 1
        adjustment = -min(claim.recovery_weekly_pence * weeks, claim.overpayment_pence, hb)
        claim.overpayment_pence += adjustment
        reason = "Overpayment recovery"
    elif hb and rng.random() < 0.004:
        adjustment, reason = rng.randint(5, 120) * 100, "Arrears: backdated change"
    return hb, dhp, adjustment, reason, first, last + 6


def _total(segments: list[tuple], first: int, last: int) -> int:
    """The weekly amounts due for the weeks starting first..last; segments start on Mondays."""
    total = 0
    for start, end, weekly, *_ in segments:
        low = max(start, first)
        high = last if end is None else min(end - 6, last)
        if high >= low:
            total += ((high - low) // 7 + 1) * weekly
    return total
