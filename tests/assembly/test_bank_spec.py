"""Reading and validating the bank and the spec: errors name the row, column or field."""

import json
import math
from pathlib import Path

import pytest

from hallmark.assembly import (
    AssemblySpec,
    BankError,
    Maximin,
    Overlap,
    Parallel,
    Range,
    SpecError,
    check_spec,
    read_bank,
    read_spec,
    spec_from_dict,
)

HEADER = "item,domain,competency,status,a,b,c,p,rpbis,enemy_group,set_id,reading_seconds\n"


def write(tmp_path: Path, text: str, name: str = "bank.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_every_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "Q1,Job development,1.1,Operational,1.2,-0.5,,0.7,0.3,E1|E2,S1,45\n"
        "Q2,Job development,1.1,pretest,,,,,,,S1,30\n",
    )
    bank, lines = read_bank(path)
    assert bank.item.tolist() == ["Q1", "Q2"]
    assert bank.status.tolist() == ["operational", "pretest"]
    assert bank.enemy_groups == (("E1", "E2"), ())
    assert bank.c.tolist() == [0.0, 0.0]
    assert math.isnan(bank.a[1])
    assert bank.reading_seconds.tolist() == [45.0, 30.0]
    assert lines == [2, 3]


def test_it_reads_item_formats_and_leaves_them_empty_when_absent(tmp_path: Path) -> None:
    header = "item,domain,competency,status,item_format\n"
    bank, _ = read_bank(write(tmp_path, header + "Q1,D,C,operational, multiple\nQ2,D,C,pretest,\n"))
    assert bank.item_format.tolist() == ["multiple", ""]
    bank, _ = read_bank(write(tmp_path, HEADER + "Q1,D,C,operational\n"))
    assert bank.item_format.tolist() == [""]


@pytest.mark.parametrize(
    ("row", "column", "needle"),
    [
        ("Q1,D,C,operational,x,0,,,,,,30\n", "a", "'x' is not a number"),
        ("Q1,D,C,operational,-1,0,,,,,,30\n", "a", "not a positive number"),
        ("Q1,D,C,operational,1,,,,,,,30\n", "b", "a and b come together"),
        ("Q1,D,C,operational,1,0,1.2,,,,,30\n", "c", "[0, 1)"),
        ("Q1,D,C,operational,1,0,,1.5,,,,30\n", "p", "[0, 1]"),
        (",D,C,operational,1,0,,,,,,30\n", "item", "empty"),
    ],
)
def test_it_names_row_and_column(tmp_path: Path, row: str, column: str, needle: str) -> None:
    path = write(tmp_path, HEADER + "Q0,D,C,operational,1,0,,,,,,30\n" + row)
    with pytest.raises(BankError) as info:
        read_bank(path)
    assert info.value.column == column
    assert info.value.line == 3
    assert needle in info.value.detail


def test_it_refuses_repeated_items_and_wandering_competencies(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="repeats row 1"):
        read_bank(write(tmp_path, HEADER + "Q1,D,C,operational\nQ1,D,C,operational\n"))
    with pytest.raises(BankError, match="domain 'E' here but in domain 'D'"):
        read_bank(write(tmp_path, HEADER + "Q1,D,C,operational\nQ2,E,C,operational\n"))
    with pytest.raises(BankError, match="missing from the header"):
        read_bank(write(tmp_path, "item,domain,status\nQ1,D,operational\n"))


SPEC = {
    "scored_length": 4,
    "pretest_length": 1,
    "domains": {"A": 2, "B": 2},
    "competencies": {"A1": [1, 2], "B1": {"min": 1}},
    "cognitive_levels": {"recall": {"max": 3}},
    "item_formats": {"multiple": {"min": 1}, "case": [0, 2]},
    "overlap": {"max_share": 0.25},
    "exposure": {"max_uses": 3, "windows": 4},
    "reading_seconds": {"min": 60, "max": 600},
    "objective": {"kind": "maximin", "theta": [-0.5, 0, 0.5], "targets": [1, 2, 1]},
}


def test_it_reads_a_full_spec(tmp_path: Path) -> None:
    spec = read_spec(write(tmp_path, json.dumps(SPEC), "spec.json"))
    assert spec.competencies["A1"] == Range(1, 2)
    assert spec.competencies["B1"] == Range(1, None)
    assert spec.overlap is not None and spec.overlap.limit(4) == 1
    assert spec.item_formats == {"multiple": Range(1, None), "case": Range(0, 2)}
    assert spec.objective == Maximin(theta=(-0.5, 0, 0.5), targets=(1, 2, 1))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scored_length": 0}, "scored_length"),
        ({"domains": {"A": 2, "B": 3}}, "domains"),
        ({"domains": {"A": -1, "B": 5}}, "domains.A"),
        ({"competencies": {"A1": [3, 1]}}, "competencies.A1"),
        ({"item_formats": {"multiple": {"min": -1}}}, "item_formats.multiple.min"),
        ({"overlap": {"max_items": 1, "max_share": 0.2}}, "overlap"),
        ({"overlap": {"max_share": 1.5}}, "overlap.max_share"),
        ({"exposure": {"windows": 2}}, "exposure.max_uses"),
        ({"objective": {"kind": "best"}}, "objective.kind"),
        ({"objective": {"kind": "maximin", "theta": [0, 1], "targets": [1]}}, "objective.targets"),
        ({"objective": {"kind": "parallel", "theta": [0]}}, "objective"),
        ({"objective": {"kind": "parallel", "theta": [0], "tcc": [9]}}, "objective.tcc[0]"),
        ({"overlaps": {}}, "overlaps"),
        ({"p_mean": [0.2, 1.4]}, "p_mean.max"),
    ],
)
def test_it_names_the_bad_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(SpecError) as info:
        spec_from_dict({**SPEC, **change})
    assert info.value.field == field


def test_it_reports_json_syntax(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="not valid JSON"):
        read_spec(write(tmp_path, "{", "spec.json"))


def test_python_specs_are_checked_too() -> None:
    spec = AssemblySpec(
        scored_length=4,
        objective=Parallel(theta=(0.0,), tif=(1.0,)),
        overlap=Overlap(max_items=-1),
    )
    with pytest.raises(SpecError, match=r"overlap\.max_items"):
        check_spec(spec)
