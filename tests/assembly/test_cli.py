"""`hallmark assemble` on files: summary, JSON, one-line errors and exit codes."""

import json
from pathlib import Path

import pytest

from hallmark.assembly.cli import main

BANK = """item,domain,competency,status,a,b,c,p,rpbis,enemy_group,set_id,reading_seconds,times_used
Q01,Job development,JD1,operational,1.2,-0.4,0,0.7,0.31,E1,,40,0
Q02,Job development,JD1,operational,0.9,0.2,0,0.6,0.28,E1,,35,0
Q03,Job development,JD2,operational,1.5,0.0,0.2,0.55,0.40,,,50,1
Q04,Job development,JD2,operational,1.1,0.6,0,0.5,0.22,,,45,0
Q05,Job development,JD2,operational,0.8,-1.0,0,0.8,0.25,,,30,9
Q06,Job retention,JR1,operational,1.3,0.1,0,0.6,0.35,,S1,40,0
Q07,Job retention,JR1,operational,1.0,-0.2,0,0.65,0.30,,S1,40,0
Q08,Job retention,JR1,operational,0.7,0.4,0,0.5,0.20,,,30,0
Q09,Job retention,JR2,operational,1.4,-0.5,0,0.7,0.33,,,45,0
Q10,Job retention,JR2,operational,0.9,0.9,0,0.45,0.27,,,35,0
P01,Job retention,JR2,pretest,,,,,,,,40,0
P02,Job development,JD1,pretest,,,,,,,,40,0
P03,Job development,JD1,pretest,,,,,,,,40,0
R01,Job development,JD1,retired,1.0,0.0,0,0.5,0.3,,,40,0
"""

SPEC = {
    "scored_length": 4,
    "pretest_length": 1,
    "domains": {"Job development": 2, "Job retention": 2},
    "competencies": {"JD2": {"min": 1}},
    "overlap": {"max_items": 2},
    "exposure": {"max_uses": 3, "windows": 4},
    "reading_seconds": {"max": 220},
    "objective": {"kind": "maximin", "theta": [-0.5, 0.0, 0.5]},
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    bank = tmp_path / "bank.csv"
    spec = tmp_path / "spec.json"
    bank.write_text(BANK, encoding="utf-8")
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return bank, spec


def test_it_assembles_and_writes_json(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank, spec = files
    out = tmp_path / "forms.json"
    code = main([str(bank), "--spec", str(spec), "--forms", "2", "--seed", "4", "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "status optimal" in printed.out and "HiGHS" in printed.out
    assert "items shared by forms 1 and 2" in printed.out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["form"] for f in data["forms"]] == [1, 2]
    assert data["seed"] == 4 and data["solver"]["name"] == "HiGHS"
    for form in data["forms"]:
        assert len(form["scored"]) == 4 and len(form["pretest"]) == 1
        assert "Q05" not in form["scored"]  # used 9 times
        assert not {"Q01", "Q02"} <= set(form["scored"])  # enemies
        assert ("Q06" in form["scored"]) == ("Q07" in form["scored"])  # one set
    assert all(check["ok"] for check in data["report"])
    assert {"name", "required", "achieved", "ok"} <= set(data["report"][0])


def test_bad_bank_value_is_one_line_with_row_and_column(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bank, spec = files
    bank.write_text(
        BANK.replace(
            "Q04,Job development,JD2,operational,1.1", "Q04,Job development,JD2,operational,x"
        ),
        encoding="utf-8",
    )
    code = main([str(bank), "--spec", str(spec), "--forms", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "hallmark assemble: error: bank.csv row 5, column 'a': value 'x' is not a number\n"
    )


def test_bad_spec_field_is_named(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bank, spec = files
    spec.write_text(json.dumps({**SPEC, "overlap": {"max_share": 2}}), encoding="utf-8")
    assert main([str(bank), "--spec", str(spec), "--forms", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "spec.json field 'overlap.max_share': 2 is not a number in [0, 1]" in err


def test_missing_file_and_bad_options(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bank, spec = files
    assert main([str(bank) + ".nope", "--spec", str(spec), "--forms", "2"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main([str(bank), "--spec", str(spec), "--forms", "0"]) == 2
    assert "--forms must be at least 1" in capsys.readouterr().err


def test_infeasible_spec_explains_on_stderr_and_exits_1(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bank, spec = files
    code = main([str(bank), "--spec", str(spec), "--forms", "4"])
    err = capsys.readouterr().err
    assert code == 1
    assert "hallmark assemble: no forms: status infeasible" in err
    assert "pretest: 4 form(s) with 1 pretest items each" in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"], prog="hallmark assemble")
    assert info.value.code == 0
    assert "--time-limit" in capsys.readouterr().out
