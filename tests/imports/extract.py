"""Small valid extracts for the importer's tests: build one, break a cell, write a folder or zip."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from lp.imports.fields import OPTIONAL_FILES, TABLES

COLUMNS = {table.file: list(table.columns) for table in TABLES}


def pdf(text: str = "letter") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def account(reference: str, **cells) -> dict:
    return {"landlord_reference": reference, "name": f"Landlord {reference}", "address": "1 High Street|Anytown",
            "postcode": "AN1 2BC", "sort_code": "20-00-00", "account_last4": "2212",
            "payment_method": "BACS", **cells}


def claim(reference: str, landlord: str, **cells) -> dict:
    return {"claim_reference": reference, "landlord_reference": landlord, "tenant_first_name": "Aisha",
            "tenant_last_name": "Khan", "rent_reference": f"R/{reference}", "claim_type": "Housing Association",
            "status": "Active", "suspended": "N", "suspension_reason": "", "address": "Flat 3|12 Mill Lane|Anytown",
            "postcode": "AN3 4DE", "property_reference": f"P{reference}", "weekly_hb": "98.50",
            "weekly_dhp": "10.00", "next_payment_amount": "434.00", "next_payment_date": "2026-12-07",
            "overpayment_outstanding": "0.00", "start_date": "2023-04-03", "end_date": "", **cells}


def payment(payment_id: str, landlord: str, amount: str, **cells) -> dict:
    return {"payment_id": payment_id, "landlord_reference": landlord, "paid_on": "2026-11-23",
            "payment_type": "HB and DHP", "amount": amount, "method": "BACS", "sort_code": "20-00-00",
            "account_last4": "2212", "status": "Paid", **cells}


def line(payment_id: str, number: int, claim_reference: str, *, hb: str, dhp: str = "0.00",
         adjustment: str = "0.00", amount: str, **cells) -> dict:
    return {"payment_id": payment_id, "line_number": str(number), "claim_reference": claim_reference,
            "rent_reference": f"R/{claim_reference}", "hb": hb, "dhp": dhp, "adjustment": adjustment,
            "amount": amount, "period_from": "2026-10-26", "period_to": "2026-11-22",
            "adjustment_reason": "Overpayment recovery" if adjustment.startswith("-") else "", **cells}


def entitlement(claim_reference: str, **cells) -> dict:
    return {"claim_reference": claim_reference, "type": "HB", "start_date": "2026-04-06", "end_date": "",
            "amount": "98.50", "frequency": "Weekly", "calculated_on": "2026-03-20", **cells}


def letter(letter_id: str, claim_reference: str, **cells) -> dict:
    return {"letter_id": letter_id, "claim_reference": claim_reference, "letter_type": "Change in entitlement",
            "sent_on": "2026-11-20", "file": f"letters/{letter_id}.pdf", **cells}


class ExtractFiles:
    """An extract as rows of cells per file, plus the letters' PDFs; row 0 of a file is its line 2."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self.letters: dict[str, bytes] = {}

    @classmethod
    def valid(cls) -> ExtractFiles:
        """Two accounts, three claims, two payments (three lines), two entitlements, one letter."""
        extract = cls()
        extract.rows["accounts.csv"] = [account("9998"), account("9999", payment_method="Cheque")]
        extract.rows["claims.csv"] = [
            claim("HB1000234", "9998"), claim("HB1000235", "9998", tenant_last_name="O'Neil Smith"),
            claim("HB1000300", "9999", suspended="Y", suspension_reason="Awaiting evidence of rent"),
        ]
        extract.rows["payments.csv"] = [payment("P1", "9998", "4312.44"), payment("P2", "9999", "98.50")]
        extract.rows["payment_lines.csv"] = [
            line("P1", 1, "HB1000234", hb="394.00", dhp="40.00", adjustment="-11.40", amount="422.60"),
            line("P1", 2, "HB1000235", hb="3889.84", amount="3889.84"),
            line("P2", 1, "HB1000300", hb="98.50", amount="98.50"),
        ]
        extract.rows["entitlements.csv"] = [entitlement("HB1000234"), entitlement("HB1000234", type="DHP", amount="10.00")]
        extract.add_letter(letter("L00091234", "HB1000234"), pdf("L00091234"))
        return extract

    def add_letter(self, row: dict, content: bytes) -> None:
        self.rows["letters.csv"].append(row)
        self.letters[row["file"]] = content

    def set(self, file: str, index: int, column: str, value: str) -> ExtractFiles:
        self.rows[file][index][column] = value
        return self

    def files(self) -> dict[str, bytes]:
        out = {}
        for name, rows in self.rows.items():
            if not rows and name in OPTIONAL_FILES:  # absent, as in an extract from before it existed
                continue
            buffer = io.StringIO(newline="")
            writer = csv.DictWriter(buffer, fieldnames=COLUMNS[name], lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
            out[name] = buffer.getvalue().encode()
        return {**out, **self.letters}

    def write(self, folder: Path) -> Path:
        for name, content in self.files().items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        return folder

    def zip(self, path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files().items():
                archive.writestr(name, content)
        return path
