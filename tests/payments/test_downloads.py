"""The bulk CSVs are written by the database (lp/exports.py: safe_text, money_text, one_line_sql, csv_text):
they must be byte for byte what csv.writer writes of cell() and one_line(), formula escaping included,
on both databases."""
from __future__ import annotations

import csv
import io
import sys
from datetime import date, timedelta
from functools import partial

import pytest
from sqlalchemy import Integer, String, literal, select

from lp import exports
from lp.exports import BOM, WHITESPACE, Money, cell, money_text, one_line_sql, safe_text
from lp.formats import decimal_money, one_line
from lp.payments import downloads
from lp.payments.downloads import LINE_HEADER, PAYMENT_HEADER
from tests import factories as f

PENCE = [0, 5, 40, 99, 100, 101, 123456, -1, -5, -50, -99, -100, -101, -1140, -123456, 999_999_999, -999_999_999]
TEXTS = ["=cmd()", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "", "'=quoted", " =spaced", "O'Neil", "a=b"]


@pytest.mark.parametrize("pence", PENCE)
def test_money_as_the_database_writes_it_is_decimal_money(db, pence):
    assert db.session.scalar(select(money_text(literal(pence, Integer)))) == decimal_money(pence)


@pytest.mark.parametrize("text", TEXTS)
def test_text_as_the_database_writes_it_is_formula_safe_like_cell(db, text):
    assert db.session.scalar(select(safe_text(literal(text, String)))) == cell(text)


def test_the_reconciliation_export_escapes_a_formula_in_every_text_column(lead_client, landlord_world, db):
    account = landlord_world["account"]
    claim = f.make_claim(account, first_name="=Ada", surname="-Smith", postcode="AN1 2BC", rent_reference="@R1",
                         address="+Flat 3|12 Mill Lane", reference="=HB1")
    f.make_payment(account, reference="PAY-FORMULA", lines=[(claim, 12345, 0, -50)])
    db.session.commit()

    text = lead_client.get("/payments/lines.csv").get_data(as_text=True)

    row = next(r for r in csv.DictReader(io.StringIO(text[1:])) if r["Payment reference"] == "PAY-FORMULA")
    assert (row["Claim reference"], row["Tenant name"], row["Rent reference"], row["Address"]) == (
        "'=HB1", "'=Ada -Smith", "'@R1", "'+Flat 3, 12 Mill Lane")
    assert (row["HB"], row["Adjustment"], row["Amount"]) == ("123.45", "-0.50", "122.95")


# Addresses as the extract may hold them: lines split by "|" or a line break, padded with any whitespace
# str.strip() takes off (tabs, CR, NBSP, em and ideographic spaces, the separators \x1c-\x1f ...),
# empty lines, and commas or quotes of their own.
ADDRESSES = ["Flat 3|12 Mill Lane|Anytown", " Flat 3 | 12 Mill Lane,  Upper |\n| Anytown \r\n", "|||   |", "",
             "One line", "a\rb|c", "a\r\nb", "\x0b\x0cPadded\x1c|\x1d\x1e\x1fx\x85", "Moved\u2003House|\u00a0Town\u3000",
             'The "Old" Mill|Lane, End', "=SUM(A1)|Town", "|+44 Road", "Zoë|Ünïcode 😀|\u2028\u2029end"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_on_one_line_as_the_database_writes_it_is_one_line(db, address):
    assert db.session.scalar(select(one_line_sql(literal(address, String)))) == one_line(address)


def test_the_whitespace_taken_off_address_lines_is_what_str_strip_takes_off():
    assert set(WHITESPACE) == {character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace()}


def _csv(header, rows) -> bytes:
    """What csv.writer writes of the rows with the Python rules (cell: formulas, money, dates)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return (BOM + buffer.getvalue()).encode()


@pytest.fixture
def tricky(db, landlord_world):
    """Payments whose every text column starts like a formula or holds commas, quotes, line breaks or
    characters beyond ASCII, with negative and zero money and empty optional fields."""
    w = landlord_world
    today = date.today()
    account = f.make_account(w["landlord"], reference="-ACC", sort_code="=200000", account_last4="0042")
    formula = f.make_claim(account, first_name="=Ada", surname='O"Neil, Jr', postcode="", reference="=HB1",
                           rent_reference="@R1", address=ADDRESSES[1])
    broken = f.make_claim(account, first_name="Bob", surname="Line\nBreak", postcode="-AN1", reference="HB,2",
                          rent_reference="", address="|+44 Road|Town")
    spaced = f.make_claim(w["account"], first_name="Zoë", surname="Ünïcode 😀", postcode="AN1 2BC", reference="\rCR",
                          rent_reference="\tTab", address="|||   |")
    # A claim now on another landlord's account: its lines in this landlord's payments are still theirs.
    moved = f.make_claim(w["other_account"], first_name="Mo", surname="Ved", address=ADDRESSES[8])
    made = [
        f.make_payment(account, reference="=PAY1", paid_on=today - timedelta(days=3), method='BACS "fast", direct',
                       status="+Paid", lines=[(formula, 12345, 0, -50), (broken, 0, 0, 0), (moved, -1, -99, -101)]),
        f.make_payment(w["second_account"], reference="PAY,2", paid_on=today - timedelta(days=3), payment_type="DHP",
                       lines=[(spaced, 999_999_999, 5, 0)]),
        f.make_payment(account, reference="PAY-EARLIER", paid_on=today - timedelta(days=10),
                       lines=[(formula, 100, 0, 0), (spaced, 0, 40, -123456)]),
    ]
    f.make_payment(w["other_account"], reference="=THEIRS", paid_on=today - timedelta(days=3), lines=[(moved, 1, 0, 0)])
    db.session.commit()
    return made


def _line_rows(payments):
    """The reconciliation rows with the Python rules, oldest payment first, as the export orders them."""
    rows = []
    for payment in sorted(payments, key=lambda p: (p.paid_on, p.id)):
        for line in sorted(payment.lines, key=lambda line: line.line_number):
            claim = line.claim
            rows.append([payment.paid_on, payment.account.reference, payment.reference, line.line_number,
                         claim.reference, f"{claim.tenant_first_name} {claim.tenant_last_name}", line.rent_reference,
                         Money(line.hb_pence), Money(line.dhp_pence), Money(line.adjustment_pence),
                         Money(line.amount_pence), line.period_from, line.period_to, one_line(claim.address),
                         claim.postcode])
    return rows


def test_the_reconciliation_export_is_byte_for_byte_what_the_python_rules_write(lead_client, tricky):
    body = lead_client.get("/payments/lines.csv").get_data()

    assert body == _csv(LINE_HEADER, _line_rows(tricky))
    rows = list(csv.reader(io.StringIO(body.decode()[1:])))
    assert rows[3][4:7] == ["'=HB1", "'=Ada O\"Neil, Jr", "'@R1"]  # the first payment's first line, read back
    assert rows[3][7:11] == ["123.45", "0.00", "-0.50", "122.95"]
    assert rows[3][13:] == ["Flat 3, 12 Mill Lane,  Upper, Anytown", ""]
    assert rows[4][5] == "Bob Line\nBreak" and rows[4][6] == "" and rows[4][13:] == ["'+44 Road, Town", "'-AN1"]
    assert rows[5][7:11] == ["-0.01", "-0.99", "-1.01", "-2.01"] and rows[5][13] == "Moved\u2003House, Town"


def test_a_breakdown_csv_is_byte_for_byte_what_the_python_rules_write(lead_client, tricky):
    payment = tricky[0]

    body = lead_client.get(f"/payments/{payment.id}.csv").get_data()

    assert body == _csv(LINE_HEADER, _line_rows([payment]))


def test_the_payments_csv_is_byte_for_byte_what_the_python_rules_write(lead_client, tricky):
    body = lead_client.get("/payments.csv").get_data()

    newest_first = sorted(tricky, key=lambda p: (p.paid_on, p.id), reverse=True)
    assert body == _csv(PAYMENT_HEADER, [
        [p.account.reference, p.reference, p.paid_on, p.payment_type, Money(p.amount_pence), p.method, p.sort_code,
         f"****{p.account_last4}", p.status] for p in newest_first])
    assert b"'-ACC,'=PAY1" in body and b'"BACS ""fast"", direct",\'=200000,****0042,\'+Paid' in body


def test_an_export_abandoned_mid_stream_leaves_the_database_usable(monkeypatch, lead_client, tricky):
    """A download the client stops (its generator closed mid-COPY on PostgreSQL, a row a chunk here)
    ends the statement, and the next request reads the database as usual."""
    monkeypatch.setattr(downloads, "csv_text", partial(exports.csv_text, size=1))
    response = lead_client.get("/payments/lines.csv", buffered=False)
    chunks = iter(response.response)
    header, first_line = next(chunks), next(chunks)
    response.close()

    assert header == exports.csv_header(LINE_HEADER).encode()
    expected = _csv(LINE_HEADER, _line_rows(tricky))
    assert expected.startswith(header + first_line) and first_line.count(b"\r\n") == 1
    assert lead_client.get("/payments/lines.csv").get_data() == expected
