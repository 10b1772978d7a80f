"""CSV columns for item kinds, case sets and source identifiers; old files still import."""

import pytest

from hallmark.itembank import services, transfer
from hallmark.itembank.data import SELECT_ALL, ItemKind
from hallmark.itembank.interchange import csv_format
from hallmark.itembank.models import Item
from itembank.test_import import csv_file, refused, row

pytestmark = pytest.mark.django_db

OLD_COLUMNS = tuple(c for c in csv_format.COLUMNS if c not in {"type", "select", "set"})
PROFILE = {
    "stem": "<p>Which two of these belong in a vocational profile?</p>",
    "option_a": "The job seeker's interests",
    "option_b": "A diagnosis",
    "option_c": "Conditions for success",
    "option_d": "Wages of jobs nearby",
}


def imported(program, cast, *rows: dict[str, str], **kwargs) -> list[Item]:
    data = csv_file(*rows, **kwargs)
    items = transfer.import_items(program, data, "csv", cast.writer)
    return list(Item.objects.filter(pk__in=[i.pk for i in items]).order_by("identifier"))


def test_a_file_without_the_new_columns_imports_single_answer_items(program, cast) -> None:
    items = imported(program, cast, row(key="B;C"), row(), columns=OLD_COLUMNS)
    assert [(i.current_version.kind, i.current_version.select) for i in items] == [
        ("single", 1),
        ("single", 1),
    ]
    assert items[0].current_version.keys == ["B", "C"]


def test_multiple_response_rows(program, cast) -> None:
    items = imported(
        program,
        cast,
        row(identifier="M-1", type="multiple", select="2", key="A|C", **PROFILE),
        row(identifier="M-2", type="Multiple", select="all", key="A|C|D", **PROFILE),
    )
    versions = [i.current_version for i in items]
    assert [(v.kind, v.select, v.keys) for v in versions] == [
        (ItemKind.MULTIPLE, 2, ["A", "C"]),
        (ItemKind.MULTIPLE, SELECT_ALL, ["A", "C", "D"]),
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"type": "multiple", "select": "", "key": "A|C"}, "row 2: select: missing: write how"),
        ({"type": "multiple", "select": "two", "key": "A|C"}, 'row 2: select: "two": write how'),
        ({"type": "multiple", "select": "2", "key": "A|B|C"}, "row 2: key: select 2: give exac"),
        ({"type": "single", "select": "3"}, "row 2: select: a single-answer item selects one"),
        ({"type": "several"}, 'row 2: type: "several" is not one of single, multiple'),
        ({"set": "CASE-X"}, "row 2: set: unknown case set CASE-X: create it in TST's case sets"),
        ({"source_identifier": "x" * 201}, "row 2: source_identifier: longer than 200"),
    ],
)
def test_bad_kinds_and_sets_are_problem_lines(program, cast, cells, expected) -> None:
    problems = refused(program, csv_file(row(**{**PROFILE, **cells})), cast.writer)
    assert [p for p in problems if p.startswith(expected)], problems


def test_the_set_and_source_identifier_are_kept_and_exported(program, cast) -> None:
    rosa = services.create_item_set(program, "CASE-ROSA", "Rosa", "<p>Rosa.</p>", cast.writer)
    items = imported(
        program,
        cast,
        row(
            identifier="M-1",
            set="CASE-ROSA",
            source_identifier="OLD-17",
            type="multiple",
            select="2",
            key="A|C",
            **PROFILE,
        ),
    )
    assert (items[0].item_set, items[0].source_identifier) == (rosa, "OLD-17")
    data, _ = transfer.export_items(program, "csv", cast.manager)
    parsed = csv_format.read(data)
    record = parsed.records[0]
    assert (record.item_set, record.source_identifier) == ("CASE-ROSA", "OLD-17")
    assert (record.content.kind, record.content.select, record.content.keys) == (
        "multiple",
        2,
        ("A", "C"),
    )
    line = data.decode().splitlines()[1]
    assert line.startswith("M-1,OLD-17,CASE-ROSA,1.1,recall,multiple,2,") and ",A|C," in line
