"""Properties that must hold for every input (Hypothesis): CSV cells are formula-safe and read back as
written, money formats round-trip, and date parsing gives a date or a plain ValueError, nothing else."""
from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lp.daterange import parse_date_text
from lp.exports import Money, cell, csv_lines
from lp.formats import decimal_money, format_money, parse_money, parse_uk_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
pence = st.integers(min_value=-10**12, max_value=10**12)
texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
formulas = st.sampled_from(FORMULA_STARTS).flatmap(lambda start: texts.map(lambda rest: start + rest))
settings.register_profile("lp", max_examples=200, deadline=None)
settings.load_profile("lp")


@given(st.one_of(texts, formulas))
@example("=HYPERLINK(\"http://evil.example\",\"click\")")
@example("@SUM(1+1)*cmd|' /C calc'!A0")
@example("-2+3")
def test_no_text_cell_starts_with_a_formula_character(text):
    out = cell(text)
    assert not out.startswith(FORMULA_STARTS)
    assert out == ("'" + text if text.startswith(FORMULA_STARTS) else text)


@given(st.lists(st.lists(st.one_of(texts, formulas, pence.map(Money)), min_size=1, max_size=5), max_size=5))
def test_a_csv_reads_back_as_the_cells_written_and_none_is_a_formula(rows):
    text = "".join(csv_lines(["a"], rows))
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert read[1:] == [[cell(value) for value in row] for row in rows]
    for row, originals in zip(read[1:], rows, strict=True):
        for value, original in zip(row, originals, strict=True):
            if not isinstance(original, Money):
                assert not value.startswith(FORMULA_STARTS)


@given(pence)
def test_money_in_a_csv_round_trips(amount):
    written = cell(Money(amount))
    assert re.fullmatch(r"-?\d+\.\d{2}", written)
    assert parse_money(written) == amount == parse_money(decimal_money(amount))


@given(pence)
def test_money_on_the_page_reads_back_as_the_same_amount(amount):
    shown = format_money(amount)
    assert re.fullmatch(r"\u2212?£\d{1,3}(,\d{3})*\.\d{2}", shown)
    assert (shown.startswith("\u2212")) == (amount < 0)
    assert parse_money(shown.replace("\u2212", "-").replace("£", "").replace(",", "")) == amount


@given(st.dates(min_value=date(1000, 1, 1)))
def test_uk_and_iso_dates_parse_back_to_the_same_day(day):
    for written in (day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}", f" {day.day}-{day.month}-{day.year} ",
                    day.strftime("%d.%m.%Y")):
        assert parse_uk_date(written) == day
        assert parse_date_text(written) == day
    assert parse_date_text(day.isoformat()) == day


@given(st.one_of(texts, st.from_regex(r"\d{1,2}/\d{1,2}/\d{4}", fullmatch=True),
                 st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True)))
@example("31/02/2026")
@example("2026-13-01")
@example("1/1/0000")
@example("\x00")
def test_any_text_is_a_date_or_a_plain_value_error(text):
    with contextlib.suppress(ValueError):  # only ValueError: the form turns it into a message by the field
        assert isinstance(parse_uk_date(text), date)
    try:
        assert isinstance(parse_date_text(text), date)
    except ValueError as error:
        assert str(error) == "must be a real date, like 27/03/2026"
