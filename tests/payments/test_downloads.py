"""The bulk CSVs' cells are worked out by the database (lp/exports.py safe_text, money_text): they must
be exactly what cell() writes, formula escaping included, on both databases."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import Integer, String, literal, select

from lp.exports import cell, money_text, safe_text
from lp.formats import decimal_money
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
