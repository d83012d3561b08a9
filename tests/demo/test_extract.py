"""The demo extract: the same seed gives the same files, and it has what a newcomer needs to see."""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from lp.demo.extract import write_extract
from tests.demo.conftest import AS_AT, SEED


def pence(value: str) -> int:
    return int(value.replace(".", ""))


def digests(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_and_date_give_byte_identical_files(demo_folder, tmp_path):
    write_extract(tmp_path / "again", scale="small", seed=SEED, as_at=AS_AT, council="Anytown Borough Council",
                  progress=lambda _: None)
    assert digests(tmp_path / "again") == digests(demo_folder)


def test_another_seed_gives_other_tenants(demo_folder, tmp_path):
    write_extract(tmp_path / "other", scale="small", seed=SEED + 1, as_at=AS_AT, council="Anytown Borough Council",
                  progress=lambda _: None)
    assert (tmp_path / "other/extract/claims.csv").read_bytes() != (demo_folder / "extract/claims.csv").read_bytes()


def test_one_organisation_holds_accounts_9998_and_9999_with_about_40_claims(rows):
    organisation_of = {r["landlord_reference"]: r["organisation"] for r in rows("organisations")}
    assert organisation_of["9998"] == organisation_of["9999"]
    assert len(set(organisation_of.values())) >= 5
    per_account = Counter(r["landlord_reference"] for r in rows("claims"))
    assert 30 <= per_account["9998"] + per_account["9999"] <= 50
    assert 60 <= sum(per_account.values()) <= 150


def test_there_are_suspended_claims_with_reasons_and_ended_claims_with_end_dates(rows):
    claims = rows("claims")
    suspended = [c for c in claims if c["status"] == "Suspended"]
    ended = [c for c in claims if c["status"] == "Ended"]
    assert suspended and all(c["suspended"] == "Y" and c["suspension_reason"] for c in suspended)
    assert ended and all(c["end_date"] >= c["start_date"] for c in ended)
    assert all(c["suspended"] == "N" for c in claims if c["status"] != "Suspended")


def test_every_payment_is_the_sum_of_its_lines_and_each_line_adds_up(rows):
    totals: dict[str, int] = defaultdict(int)
    for line in rows("payment_lines"):
        assert pence(line["amount"]) == pence(line["hb"]) + pence(line["dhp"]) + pence(line["adjustment"])
        assert line["period_from"] <= line["period_to"]
        totals[line["payment_id"]] += pence(line["amount"])
    payments = rows("payments")
    assert payments and {p["payment_id"]: pence(p["amount"]) for p in payments} == dict(totals)


def test_payments_have_every_type_overpayment_recovery_and_a_negative_line(rows):
    assert {p["payment_type"] for p in rows("payments")} == {"HB", "DHP", "HB and DHP", "UCDHP"}
    lines = rows("payment_lines")
    assert any(pence(line["amount"]) < 0 for line in lines)
    recoveries = [line for line in lines if line["adjustment_reason"] == "Overpayment recovery"]
    assert recoveries and all(pence(line["adjustment"]) < 0 for line in recoveries)
    assert any(pence(c["overpayment_outstanding"]) > 0 for c in rows("claims"))


def test_payments_are_four_weekly_and_reach_a_little_past_the_two_year_horizon(rows):
    paid = sorted({date.fromisoformat(p["paid_on"]) for p in rows("payments")})
    assert {(b - a).days for a, b in zip(paid, paid[1:], strict=False)} == {28}
    horizon = AS_AT - timedelta(days=730)
    assert horizon - timedelta(days=120) < paid[0] < horizon < paid[-1] <= AS_AT


def test_hb_entitlements_change_at_each_april_uprating(rows):
    starts = defaultdict(list)
    for e in rows("entitlements"):
        if e["type"] == "HB":
            starts[e["claim_reference"]].append((e["start_date"], pence(e["amount"])))
    aprils = {"2025-04-07", "2026-04-06"}  # the first Mondays of April
    uprated = [s for s in starts.values() if aprils <= {start for start, _ in s}]
    assert len(uprated) > 20
    for entitlements in uprated:
        by_start = dict(entitlements)
        assert by_start["2026-04-06"] > by_start["2025-04-07"]


def test_letters_are_real_pdfs_of_several_types_some_recent(rows, demo_folder):
    letters = rows("letters")
    assert {"Award notice", "Change in entitlement", "Suspension of payments", "Overpayment"} <= {
        letter["letter_type"] for letter in letters}
    assert any(date.fromisoformat(letter["sent_on"]) > AS_AT - timedelta(days=30) for letter in letters)
    for letter in letters:
        content = (demo_folder / "extract" / letter["file"]).read_bytes()
        assert content.startswith(b"%PDF-1.") and content.rstrip().endswith(b"%%EOF")
        # The cross-reference table is where the trailer says: a reader can open the file.
        offset = int(re.search(rb"startxref\s+(\d+)", content).group(1))
        assert content[offset:offset + 4] == b"xref"
        assert b"/Type /Page" in content


def test_addresses_use_made_up_postcode_areas(rows):
    postcodes = [c["postcode"] for c in rows("claims")] + [a["postcode"] for a in rows("accounts")]
    assert all(re.fullmatch(r"(AN|ZZ)\d{1,2} \d[A-Z]{2}", p) for p in postcodes)


def test_council_scale_has_10000_accounts_200000_claims_and_one_landlord_with_20000_tenants():
    import random

    from lp.demo.plan import organisations

    plan = list(organisations(random.Random(SEED), "council"))
    accounts = [account for _, org_accounts in plan for account in org_accounts]
    assert len(accounts) == 10_000 and len({a["reference"] for a in accounts}) == 10_000
    assert sum(a["claims"] for a in accounts) == 200_000
    lead_name, lead_accounts = plan[0]
    assert [a["reference"] for a in lead_accounts] == ["9998", "9999"]
    assert sum(a["claims"] for a in lead_accounts) == 20_000
    assert all(len(org_accounts) == 1 for _, org_accounts in plan[1:])
    assert plan[1][0] == "Priory Lettings Ltd" and plan[1][1][0]["reference"] == "10001"  # demo-other's
    assert all(re.fullmatch(r"[A-Za-z0-9-]{1,20}", a["reference"]) for a in accounts)
