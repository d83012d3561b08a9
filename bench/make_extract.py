"""Write a large valid nightly extract (docs/data-format.md) for timing the importer.

    .venv/bin/python -m bench.make_extract --lines 1000000 --out /tmp/extract-1m [--zip] [--changed 0.01]

About 25 payment lines per claim, 20 claims per account, one payment per account per 4-week
period. --changed alters that fraction of claims (a newer extract over the same keys).
"""
from __future__ import annotations

import argparse
import csv
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from lp.imports.fields import TABLES

COLUMNS = {table.file: list(table.columns) for table in TABLES}
FIRST = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Iris", "Jack"]
LAST = ["Khan", "Smith", "Jones", "Patel", "Williams", "Brown", "Taylor", "O'Neil", "Evans", "Wilson"]


def pounds(pence: int) -> str:
    return f"{'-' if pence < 0 else ''}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def write(out: Path, lines: int, changed: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    per_claim, per_account = 25, 20
    claims = max(lines // per_claim, 1)
    accounts = max(claims // per_account, 1)
    out.mkdir(parents=True, exist_ok=True)
    writers, handles = {}, []
    for name, columns in COLUMNS.items():
        handle = open(out / name, "w", newline="", encoding="utf-8")  # noqa: SIM115 (closed below)
        handles.append(handle)
        writers[name] = csv.writer(handle, lineterminator="\n")
        writers[name].writerow(columns)
    for a in range(accounts):
        writers["accounts.csv"].writerow([f"{10000 + a}", f"Landlord {a} Housing", f"{a} High Street|Anytown",
                                          "AN1 2BC", "20-00-00", f"{a % 10000:04d}", "BACS"])
    hb = {}
    for c in range(claims):
        weekly = 5000 + (c * 37) % 15000
        if rng.random() < changed:
            weekly += 100
        hb[c] = weekly
        writers["claims.csv"].writerow([
            f"HB{1000000 + c}", f"{10000 + c % accounts}", FIRST[c % 10], LAST[(c // 10) % 10], f"R/{c}",
            "Housing Association", "Active", "N", "", f"Flat {c % 50}|{c} Mill Lane|Anytown", "AN3 4DE",
            f"P{c}", pounds(weekly), "0.00", pounds(weekly * 4), "2026-12-07", "0.00", "2023-04-03", ""])
        writers["entitlements.csv"].writerow([f"HB{1000000 + c}", "HB", "2026-04-06", "", pounds(weekly),
                                              "Weekly", "2026-03-20"])
    # Claims of account a are a, a + accounts, a + 2*accounts, ...: one payment per account per period.
    period_end = date(2026, 11, 22)
    written = 0
    for period in range(per_claim + 1):
        if written >= lines:
            break
        paid_on = period_end - timedelta(weeks=4 * period) + timedelta(days=1)
        for a in range(accounts):
            members = list(range(a, claims, accounts))[: lines - written]
            if not members:
                break
            payment_id = f"P{period:03d}{a:07d}"
            amounts = [hb[c] * 4 for c in members]
            writers["payments.csv"].writerow([payment_id, f"{10000 + a}", paid_on.isoformat(), "HB",
                                              pounds(sum(amounts)), "BACS", "20-00-00", f"{a % 10000:04d}", "Paid"])
            for n, (c, amount) in enumerate(zip(members, amounts, strict=True), start=1):
                writers["payment_lines.csv"].writerow([
                    payment_id, n, f"HB{1000000 + c}", f"R/{c}", pounds(amount), "0.00", "0.00", pounds(amount),
                    (paid_on - timedelta(days=28)).isoformat(), (paid_on - timedelta(days=1)).isoformat(), ""])
            written += len(members)
    (out / "letters").mkdir(exist_ok=True)
    for n in range(min(claims, 200)):
        writers["letters.csv"].writerow([f"L{n:08d}", f"HB{1000000 + n}", "Change in entitlement", "2026-11-20",
                                         f"letters/L{n:08d}.pdf"])
        (out / "letters" / f"L{n:08d}.pdf").write_bytes(b"%PDF-1.4\n% bench letter " + str(n).encode() + b"\n%%EOF\n")
    for handle in handles:
        handle.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--changed", type=float, default=0.0)
    parser.add_argument("--zip", action="store_true", help="also write OUT.zip")
    args = parser.parse_args()
    write(args.out, args.lines, args.changed)
    if args.zip:
        shutil.make_archive(str(args.out), "zip", args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
