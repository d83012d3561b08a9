"""Reading and checking a rent-change file, as spreadsheets save it: every line checked, every fault at once."""
from __future__ import annotations

import codecs
from datetime import date

import pytest

from lp.rent_changes.checks import Claims, check_file
from lp.rent_changes.reading import MAX_LINES, FileRefused

TODAY = date(2026, 11, 30)
HEADER = "claim_reference,rent_reference,new_rent,frequency,service_charges,effective_date\n"


@pytest.fixture
def claims() -> Claims:
    claims = Claims()
    for claim_id, reference, rent_reference, status in (
        (1, "HB1001", "NHA/001", "Active"), (2, "HB1002", "NHA/002", "Active"), (3, "HB1003", "SHARED", "Active"),
        (4, "HB1004", "SHARED", "Active"), (5, "HB1005", "NHA/005", "Ended"),
    ):
        claims.by_reference[reference] = claim_id
        claims.reference_of[claim_id] = reference
        claims.status_of[claim_id] = status
        claims.by_rent_reference.setdefault(rent_reference, []).append(claim_id)
    claims.current_weekly_rent = {1: 10000}
    return claims


def check(text: str | bytes, claims: Claims):
    return check_file(text if isinstance(text, bytes) else text.encode(), claims, TODAY)


def reasons(checked) -> list[str]:
    errors, _ = checked.errors.report()
    return [f"{e['line']}: {e['reason']}" for e in errors]


def test_a_good_file_gives_weekly_rents_and_the_old_rent_when_known(claims):
    checked = check(HEADER + "HB1001,,105.00,weekly,10.00,07/12/2026\n"
                             ",NHA/002,\"£1,300.00\",monthly,,2026-12-07\n", claims)
    assert reasons(checked) == []
    first, second = checked.lines
    assert (first["claim_id"], first["weekly_rent_pence"], first["previous_weekly_rent_pence"]) == (1, 10500, 10000)
    assert (second["claim_id"], second["rent_pence"], second["weekly_rent_pence"]) == (2, 130000, 30000)
    assert second["previous_weekly_rent_pence"] is None and second["effective_date"] == date(2026, 12, 7)


def test_every_fault_of_every_line_is_listed_with_its_line_number(claims):
    checked = check(HEADER
                    + "HB9999,,100.00,weekly,,07/12/2026\n"      # 2: not theirs (or no such claim)
                    + ",SHARED,100.00,weekly,,07/12/2026\n"      # 3: rent reference of two claims
                    + "HB1002,,12.5.0,weekly,,07/12/2026\n"     # 4: bad money
                    + "HB1002,,100.00,yearly,,01/01/2020\n"     # 5: frequency, date outside the window
                    + "HB1005,,100.00,weekly,,07/12/2026\n"     # 6: ended
                    + "HB1001,,100.00,weekly,,07/12/2026\n"     # 7: fine
                    + "HB1001,,101.00,weekly,,07/12/2026\n"     # 8: a second line for the same claim
                    + "HB1002,NHA/001,100.00,weekly,,07/12/2026\n"  # 9: the references disagree
                    + "HB1002,,0.00,weekly,,07/12/2026\n"       # 10: no rent
                    + "HB1002,,100.00,weekly,150.00,07/12/2026\n",  # 11: charges above the rent
                    claims)
    assert reasons(checked) == [
        "2: claim reference HB9999 is not one of your claims",
        "3: rent reference SHARED is on more than one of your claims: give the claim reference",
        "4: new rent must be an amount in pounds, like 125.50, not 12.5.0",
        "5: frequency must be weekly, fortnightly, four-weekly or monthly",
        "5: effective date 01/01/2020 must be between 30/10/2026 and 02/03/2027",
        "6: claim HB1005 has ended",
        "8: claim HB1001 is already on line 7",
        "9: rent reference NHA/001 is not the rent reference of claim HB1002",
        "10: new rent must be more than £0 and at most £2,000.00 a week",
        "11: service charges must not be more than the rent",
    ]


def test_many_errors_of_one_kind_are_one_group_with_a_count_and_the_first_twenty(claims):
    lines = "".join(f"HB9{n:03d},,100.00,weekly,,07/12/2026\n" for n in range(500))
    checked = check(HEADER + lines, claims)
    errors, groups = checked.errors.report()
    assert groups == [{"file": "", "column": "claim_reference", "reason": "claim reference is not one of your claims",
                       "count": 500, "shown": 20}]
    assert errors[0]["line"] == 2 and len(errors) == 20


def test_a_change_of_more_than_half_is_a_warning_not_an_error(claims):
    checked = check(HEADER + "HB1001,,160.00,weekly,,07/12/2026\n", claims)
    assert reasons(checked) == []
    assert checked.lines[0]["warning"] == "The rent changes by more than 50% (£100.00 to £160.00 a week)"
    assert checked.warnings == 1


def test_a_formula_is_refused_on_its_line_and_never_evaluated(claims):
    checked = check(HEADER + "HB1001,,=B2*1.05,weekly,,07/12/2026\n@SUM(1),,100.00,weekly,,07/12/2026\n", claims)
    assert reasons(checked) == ["2: new rent is a formula: save the file with values, not formulas",
                                "3: claim reference is a formula: save the file with values, not formulas"]
    assert checked.lines == []


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),        # Excel's "CSV UTF-8"
    lambda text: text.encode("cp1252"),                          # Excel's plain "CSV" on Windows
    lambda text: text.encode("latin-1"),
    lambda text: text.replace(",", ";").encode("utf-8"),          # Excel in much of Europe
    lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),  # "Unicode text"
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
], ids=["bom", "cp1252", "latin-1", "semicolons", "utf-16", "crlf"])
def test_files_as_spreadsheets_save_them_are_read(claims, encode):
    text = "Claim reference,Rent reference,New rent (£),Frequency,Service charges (£),Effective date,Tenant's note\n" \
           "HB1001,NHA/001,£105.50,Weekly,,07/12/2026,Café é\n"
    checked = check(encode(text), claims)
    assert reasons(checked) == []
    assert checked.lines[0]["rent_pence"] == 10550


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04rest-of-a-workbook", "The selected file is an Excel workbook, not a CSV file"),
    (b"", "The selected file is empty"),
    (b"name,amount\nSmith,100\n", "The first line of the file must name the columns"),
    (b"claim_reference,new_rent\nHB1001,100\n", "The file has no effective_date column"),
    (b"claim_reference,new_rent,effective_date\x00\n", "The selected file must be a CSV file"),
])
def test_a_file_that_cannot_be_read_is_refused_whole_with_a_clear_message(claims, data, message):
    with pytest.raises(FileRefused, match=message):
        check(data, claims)


def test_more_lines_than_the_limit_is_refused(claims):
    with pytest.raises(FileRefused, match="more than 50,000 lines"):
        check(HEADER + "HB1001,,100.00,weekly,,07/12/2026\n" * (MAX_LINES + 1), claims)


def test_template_lines_left_blank_are_no_change_and_counted(claims):
    checked = check("claim_reference,rent_reference,current_weekly_rent,new_rent,frequency,service_charges,"
                    "effective_date\nHB1001,NHA/001,100.00,,weekly,,\nHB1002,NHA/002,,101.00,weekly,,07/12/2026\n",
                    claims)
    assert reasons(checked) == [] and checked.unchanged == 1 and [line["claim_id"] for line in checked.lines] == [2]
