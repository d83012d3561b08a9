"""Writes a fictional nightly extract (docs/data-format.md), streaming, and caches it by scale, seed and date."""
from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from lp.demo.claims import DemoClaim, Timeline, day, line_for_run, make_claim
from lp.demo.letters import LetterPrinter
from lp.demo.plan import organisations
from lp.demo.requests import COLUMNS as REQUEST_COLUMNS
from lp.demo.requests import requests_for
from lp.formats import decimal_money

VERSION = "4"  # bump when the generator's output changes, so cached extracts are made again
COLUMNS = {
    "accounts": ["landlord_reference", "name", "address", "postcode", "sort_code", "account_last4",
                 "payment_method"],
    "claims": ["claim_reference", "landlord_reference", "tenant_first_name", "tenant_last_name",
               "rent_reference", "claim_type", "status", "suspended", "suspension_reason", "address",
               "postcode", "property_reference", "weekly_hb", "weekly_dhp", "next_payment_amount",
               "next_payment_date", "overpayment_outstanding", "start_date", "end_date"],
    "payments": ["payment_id", "landlord_reference", "paid_on", "payment_type", "amount", "method",
                 "sort_code", "account_last4", "status"],
    "payment_lines": ["payment_id", "line_number", "claim_reference", "rent_reference", "hb", "dhp",
                      "adjustment", "amount", "period_from", "period_to", "adjustment_reason"],
    "entitlements": ["claim_reference", "type", "start_date", "end_date", "amount", "frequency", "calculated_on"],
    "letters": ["letter_id", "claim_reference", "letter_type", "sent_on", "file"],
    "requests": REQUEST_COLUMNS,
}


def cached_extract(base: Path, *, scale: str, seed: int, as_at: date, council: str,
                   progress: Callable[[str], None] = print) -> Path:
    """The folder <base>/<scale>-<seed>-<as-at>/, holding `extract/` and `organisations.csv`; made if absent."""
    folder = base / f"{scale}-{seed}-{as_at.isoformat()}"
    if (folder / "COMPLETE").exists() and (folder / "COMPLETE").read_text() == VERSION:
        progress(f"Using the extract made earlier in {folder}")
        return folder
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    write_extract(building, scale=scale, seed=seed, as_at=as_at, council=council, progress=progress)
    (building / "COMPLETE").write_text(VERSION)
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)  # only a finished extract gets the name, so an interrupted run is not reused
    return folder


def write_extract(folder: Path, *, scale: str, seed: int, as_at: date, council: str,
                  progress: Callable[[str], None] = print) -> dict[str, int]:
    """Write the extract under folder/extract and the organisations under folder; return row counts."""
    rng = random.Random(seed)
    timeline = Timeline.for_date(as_at)
    years = {date.fromordinal(u).year for u in timeline.upratings}
    rates = {year: rng.uniform(0.02, 0.075) for year in sorted(years)}  # the April uprating, year by year
    extract = folder / "extract"
    extract.mkdir(parents=True)
    printer = LetterPrinter(extract, council=council, as_at=timeline.as_at, pooled=scale != "small")
    counts = dict.fromkeys(COLUMNS, 0)
    with ExitStack() as stack:
        writers = {}
        for name, columns in COLUMNS.items():
            handle = stack.enter_context(open(extract / f"{name}.csv", "w", newline="", encoding="utf-8"))
            writers[name] = csv.writer(handle, lineterminator="\n")
            writers[name].writerow(columns)
        orgs = stack.enter_context(open(folder / "organisations.csv", "w", newline="", encoding="utf-8"))
        org_writer = csv.writer(orgs, lineterminator="\n")
        org_writer.writerow(["organisation", "name", "landlord_reference"])
        writer = _Writer(writers, counts, timeline, printer, rng)
        for number, (org_name, accounts) in enumerate(organisations(rng, scale)):
            for account in accounts:
                org_writer.writerow([number, org_name, account["reference"]])
                writer.account(account, rates)
            if number % 500 == 0 and number:
                progress(f"  {number} organisations, {counts['claims']} claims, {counts['payment_lines']} lines")
    progress("Extract written: " + ", ".join(f"{counts[name]} {name.replace('_', ' ')}" for name in COLUMNS))
    return counts


class _Writer:
    """Writes one account at a time: its claims' entitlements, each pay run, then the claims and letters."""

    def __init__(self, writers, counts, timeline: Timeline, printer: LetterPrinter, rng: random.Random):
        self.w, self.counts, self.timeline, self.printer, self.rng = writers, counts, timeline, printer, rng
        self.claim_number = 0
        self.letter_number = 0
        self.payments_on: dict[int, int] = {}

    def _row(self, name: str, row: list) -> None:
        self.w[name].writerow(row)
        self.counts[name] += 1

    def account(self, account: dict, rates) -> None:
        ref = account["reference"]
        self._row("accounts", [ref, account["name"], account["address"], account["postcode"],
                               account["sort_code"], account["account_last4"], account["payment_method"]])
        claims = []
        for _ in range(account["claims"]):
            claims.append(make_claim(self.rng, self.claim_number, account["kind"], account["rent_prefix"],
                                     self.timeline, rates, allow_lump=account["claims"] >= 5))
            self.claim_number += 1
        for claim in claims:
            self._entitlements(claim)
        for run in self.timeline.runs:
            self._pay_run(account, claims, run)
        for claim in claims:
            self._claim(ref, claim)
            self._letters(account, claim)
        for row in requests_for(claims, self.timeline.as_at, self.counts["requests"] + 1):
            self._row("requests", row)

    def _entitlements(self, claim: DemoClaim) -> None:
        for start, end, weekly, calculated, _why in claim.hb:
            self._row("entitlements", [claim.reference, "HB", day(start), day(end) if end else "", decimal_money(weekly),
                                       "Weekly", day(calculated)])
        for start, end, weekly, frequency, calculated in claim.dhp:
            amount = weekly * 4 if frequency == "Four-weekly" else weekly
            self._row("entitlements", [claim.reference, "DHP", day(start), day(end) if end else "", decimal_money(amount),
                                       frequency, day(calculated)])

    def _pay_run(self, account: dict, claims: list[DemoClaim], run: int) -> None:
        """One payment per kind of money: HB (with DHP, unless the account takes DHP apart), DHP, UCDHP."""
        buckets: dict[str, list] = {"main": [], "DHP": [], "UCDHP": []}
        for claim in claims:
            line = line_for_run(claim, run, self.rng)
            if line is None:
                continue
            hb, dhp, adjustment, reason, period_from, period_to = line
            if claim.dhp_only:
                buckets["UCDHP"].append((claim, 0, dhp, 0, None, period_from, period_to))
            elif account["separate_dhp"] and dhp:
                buckets["main"].append((claim, hb, 0, adjustment, reason, period_from, period_to))
                buckets["DHP"].append((claim, 0, dhp, 0, None, period_from, period_to))
            else:
                buckets["main"].append((claim, hb, dhp, adjustment, reason, period_from, period_to))
        for kind, lines in buckets.items():
            if not lines:
                continue
            if kind == "main":
                kind = "HB and DHP" if any(line[2] for line in lines) else "HB"
            self._payment(account, run, kind, lines)

    def _payment(self, account: dict, run: int, payment_type: str, lines: list) -> None:
        sequence = self.payments_on[run] = self.payments_on.get(run, 0) + 1
        payment_id = f"P{day(run).replace('-', '')}{sequence:06d}"
        total = 0
        for number, (claim, hb, dhp, adjustment, reason, period_from, period_to) in enumerate(lines, start=1):
            amount = hb + dhp + adjustment
            total += amount
            self._row("payment_lines", [payment_id, number, claim.reference, claim.rent_reference, decimal_money(hb),
                                        decimal_money(dhp), decimal_money(adjustment), decimal_money(amount), day(period_from),
                                        day(period_to), reason or ""])
        chance = self.rng.random()
        status = "Returned" if chance < 0.003 else "Cancelled" if chance < 0.004 else "Paid"
        self._row("payments", [payment_id, account["reference"], day(run), payment_type, decimal_money(total),
                               account["payment_method"], account["sort_code"], account["account_last4"], status])

    def _claim(self, ref: str, claim: DemoClaim) -> None:
        last_day = claim.end if claim.end is not None else self.timeline.as_at
        weekly_hb, weekly_dhp = claim.weekly_at(last_day), claim.weekly_at(last_day, dhp=True)
        next_amount = next_date = ""
        if claim.status == "Active" and (weekly_hb or weekly_dhp):
            recovery = min(4 * claim.recovery_weekly_pence, claim.overpayment_pence, 4 * weekly_hb)
            next_amount, next_date = decimal_money(4 * (weekly_hb + weekly_dhp) - recovery), day(self.timeline.next_run)
        self._row("claims", [
            claim.reference, ref, claim.first_name, claim.last_name, claim.rent_reference, claim.claim_type,
            claim.status, "Y" if claim.suspended_from else "N", claim.suspension_reason, claim.address,
            claim.postcode, claim.property_reference, decimal_money(weekly_hb), decimal_money(weekly_dhp), next_amount,
            next_date, decimal_money(claim.overpayment_pence), day(claim.start), day(claim.end) if claim.end else "",
        ])

    def _letters(self, account: dict, claim: DemoClaim) -> None:
        for sent_on, letter_type, detail in claim.letters:
            if not self.timeline.history_start <= sent_on <= self.timeline.as_at:
                continue
            self.letter_number += 1
            letter_id = f"L{self.letter_number:08d}"
            path = self.printer.file_for(letter_id, letter_type, sent_on, claim, account, detail)
            self._row("letters", [letter_id, claim.reference, letter_type, day(sent_on), path])

