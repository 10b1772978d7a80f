"""Every CSV Hallmark writes shows formula-like text as text, and numbers as numbers."""

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark import csv_cells


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x.example/","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
     "\t=1", "\r=1", "-", "'=1+1"],
)  # fmt: skip
def test_it_quotes_text_that_a_spreadsheet_would_run(text: str) -> None:
    assert csv_cells.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-1.5, -3, Decimal("-0.25"), "-1.234", "+2", "1e-05", "-inf"])
def test_numbers_and_numerals_stay_numbers(value: object) -> None:
    assert csv_cells.neutralise(value) == value


@pytest.mark.parametrize(
    ("text", "cell"),
    [("", ""), ("plain", "plain"), ("a=b", "a=b"), ("'quoted", "'quoted"), ("1-2", "1-2"),
     ("-1-2", "'-1-2"), ("-5 points", "'-5 points")],
)  # fmt: skip
def test_only_text_that_starts_like_a_formula_is_quoted(text: str, cell: str) -> None:
    assert csv_cells.neutralise(text) == cell


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_restore_gives_back_any_text_and_no_cell_starts_like_a_formula(text: str) -> None:
    cell = csv_cells.neutralise(text)
    assert csv_cells.restore(cell) == text
    assert not cell.startswith(csv_cells.TRIGGERS) or csv_cells.NUMERAL.fullmatch(cell)


def test_the_writer_quotes_text_cells_only() -> None:
    out = io.StringIO()
    csv_cells.writer(out, lineterminator="\n").writerow(["=1+1", -2.5, "-0.750", "@x", 3])
    assert next(csv.reader([out.getvalue()])) == ["'=1+1", "-2.5", "-0.750", "'@x", "3"]
