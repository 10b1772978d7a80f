"""The `hallmark equate` file verb, called through main()."""

import json
from pathlib import Path

import pytest

from hallmark.psychometrics.cli import equate as equate_verb

DATA = Path(__file__).parent / "data" / "equating"
ACT_X, ACT_Y = str(DATA / "actmath_x.csv"), str(DATA / "actmath_y.csv")


def run(*args):
    return equate_verb.main(list(args), prog="hallmark equate")


def rg(*extra):
    return run("--design", "random-groups", "--x", ACT_X, "--y", ACT_Y, *extra)


def test_help_exits_zero(capsys):
    assert run("--help") == 0
    assert "--design" in capsys.readouterr().out


def test_it_prints_the_conversion_table(capsys):
    assert rg("--method", "linear") == 0
    out = capsys.readouterr().out
    assert out.startswith("# random-groups linear: equated = 1.0886 x -2.6319\n")
    assert "score,equated,se\n0,-2.6319,0.3846\n" in out


def test_json_document(capsys):
    assert rg("--method", "equipercentile", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["design"] == "random-groups" and doc["method"] == "equipercentile"
    assert doc["slope"] is None and doc["intercept"] is None
    assert doc["synthetic_weight"] is None
    assert len(doc["table"]) == 41
    assert doc["table"][20]["equated"] == pytest.approx(19.1647, abs=5e-5)
    assert doc["table"][20]["se"] > 0
    assert set(doc["moments"]) == {"x", "y", "equated"}


def test_bootstrap_json_is_seeded(capsys):
    assert rg("--method", "linear", "--bootstrap", "20", "--seed", "5", "--json") == 0
    first = capsys.readouterr().out
    assert rg("--method", "linear", "--bootstrap", "20", "--seed", "5", "--json") == 0
    assert capsys.readouterr().out == first
    assert json.loads(first)["se_kind"] == "bootstrap"


def test_x_max_widens_the_score_range(capsys):
    assert rg("--method", "mean", "--x-max", "45", "--y-max", "45", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["table"]) == 46


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("score,count\n0,3\n1,x\n", "row 3, column 'count': count 'x' is not a number"),
        ("score,count\n0,3\n-1,2\n", "row 3, column 'score': score '-1' is not a whole number"),
        ("score,count\n0,3\n1.5,2\n", "row 3, column 'score': score '1.5' is not a whole"),
        ("points\n3\n", "row 1: no column 'total' in the header"),
        ("total\n3\n\n4,5\n", "row 4: 2 values, expected 1"),
        ("", "file is empty"),
    ],
)
def test_bad_files_get_one_line_and_exit_2(tmp_path, capsys, text, message):
    bad = tmp_path / "x.csv"
    bad.write_text(text)
    assert run("--design", "random-groups", "--method", "mean", "--x", str(bad), "--y", ACT_Y) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"hallmark equate: error: {bad}")
    assert message in err


def test_a_score_above_x_max_names_its_row(capsys):
    assert rg("--method", "mean", "--x-max", "30") == 2
    assert "actmath_x.csv row 33, column 'score': score 31 is above the maximum 30" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--method", "tucker"), "--method for --design random-groups must be one of"),
        (("--method", "linear", "--degree", "3"), "--degree needs --smooth loglinear"),
        (("--method", "linear", "--bootstrap", "1"), "--bootstrap must be at least 2"),
        (("--method", "linear", "--postsmooth", "0.2"), "postsmoothing applies to unsmoothed"),
    ],
)
def test_bad_options_exit_2(capsys, args, message):
    assert rg(*args) == 2
    assert message in capsys.readouterr().err


def test_missing_file_option_exits_2(capsys):
    assert run("--design", "random-groups", "--method", "mean", "--x", ACT_X) == 2
    assert "--design random-groups needs --y" in capsys.readouterr().err


KB_X, KB_Y = str(DATA / "kbneat_x.csv"), str(DATA / "kbneat_y.csv")


def neat(*extra):
    return run("--design", "neat", "--x", KB_X, "--y", KB_Y, *extra)


def test_neat_json_has_the_synthetic_weight(capsys):
    assert neat("--method", "tucker", "--w1", "1", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["design"] == "neat" and doc["synthetic_weight"] == 1.0
    assert doc["slope"] == pytest.approx(1.0289, abs=5e-5)
    assert len(doc["table"]) == 37


def test_neat_frequency_estimation_with_presmoothing(capsys):
    assert neat("--method", "frequency-estimation", "--smooth", "loglinear", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["intercept"] is None
    assert doc["moments"]["equated"]["mean"] == pytest.approx(16.83, abs=0.01)


def test_neat_anchor_above_total_names_the_row(tmp_path, capsys):
    bad = tmp_path / "x.csv"
    bad.write_text("total,anchor\n10,4\n3,5\n")
    assert run("--design", "neat", "--method", "tucker", "--x", str(bad), "--y", KB_Y) == 2
    err = capsys.readouterr().err
    assert f"{bad} row 3, column 'anchor': anchor score 5 is above the total score 3" in err


def test_neat_external_anchor_may_exceed_the_total(tmp_path, capsys):
    ext = tmp_path / "x.csv"
    ext.write_text("total,anchor\n10,4\n3,5\n12,6\n7,2\n")
    args = ("--method", "tucker", "--anchor-type", "external", "--y", KB_Y)
    assert run("--design", "neat", "--x", str(ext), *args) == 0


def test_neat_needs_an_anchor_column(capsys):
    assert run("--design", "neat", "--method", "tucker", "--x", ACT_X, "--y", KB_Y) == 2
    assert "actmath_x.csv row 1: no column 'anchor' in the header" in capsys.readouterr().err


def test_neat_interaction_needs_smoothing(capsys):
    assert neat("--method", "frequency-estimation", "--interaction", "1") == 2
    assert "--interaction needs --smooth loglinear" in capsys.readouterr().err


def test_library_errors_name_the_file(tmp_path, capsys):
    one = tmp_path / "one.csv"
    one.write_text("total\n5\n5\n")
    assert (
        run("--design", "random-groups", "--method", "linear", "--x", str(one), "--y", ACT_Y) == 2
    )
    assert f"hallmark equate: error: {one}: scores have no variance" in capsys.readouterr().err


def test_neat_anchor_of_zeros_in_one_group_is_refused_by_variance(tmp_path, capsys):
    flat = tmp_path / "flat.csv"
    flat.write_text("total,anchor\n5,0\n7,0\n9,0\n")
    assert run("--design", "neat", "--method", "tucker", "--x", str(flat), "--y", KB_Y) == 2
    assert "population 1 (form X): anchor scores have no variance" in capsys.readouterr().err


def test_neat_bad_w1_exits_2(capsys):
    assert neat("--method", "tucker", "--w1", "2") == 2
    assert "w1 must be between 0 and 1, got 2.0" in capsys.readouterr().err
