"""The `hallmark dif` file verb, called through main()."""

import json
from pathlib import Path

import pytest

from hallmark.psychometrics.cli import dif as dif_verb

VERBAL = Path(__file__).parent / "data" / "verbal.csv"
ARGS = ["--group", "Gender", "--focal", "1", "--id", "id", "--exclude", "Anger"]


def run(*args):
    return dif_verb.main([str(a) for a in args], prog="hallmark dif")


def _error(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in err if ": error: " in line]
    assert len(errors) == 1, err
    return errors[0]


def test_json_document_has_the_contract_fields(capsys):
    assert run(VERBAL, *ARGS, "--method", "mh", "--json") == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["method"] == "mh" and set(doc) >= {"items", "purification"}
    row = doc["items"][5]
    assert set(row) >= {
        "item",
        "mh_chi2",
        "p_value",
        "alpha_mh",
        "delta_mh",
        "delta_se",
        "ets_class",
        "flagged",
    }
    # difR: difMH(verbal, group = 25, focal.name = 1), item S2WantShout
    assert row["item"] == "S2WantShout" and row["mh_chi2"] == pytest.approx(9.6032, abs=6e-5)
    assert row["flagged"] is True and row["ets_class"] == "C"
    assert len(doc["items"]) == 24 and doc["groups"]["n_focal"] == 73
    assert "warning: the focal group (1) has 73 candidates" in captured.err


def test_purify_reports_the_steps(capsys):
    assert run(VERBAL, *ARGS, "--method", "mh", "--purify", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["purification"]["iterations"] == 6 and doc["purification"]["converged"]
    assert len(doc["purification"]["steps"]) == 7


def test_table_output(capsys):
    assert run(VERBAL, *ARGS, "--method", "mh") == 0
    out = capsys.readouterr().out
    assert "S2WantShout,9.6032,0.0019,2.8804,-2.4861" in out
    assert out.strip().endswith(
        "flagged at alpha 0.05: S2WantShout, S4WantShout, S2DoCurse, S2DoScold, S3DoCurse, "
        "S3DoScold"
    )


def test_a_bad_cell_names_file_row_and_column(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,g,Q1,Q2\na,F,1,0\nb,M,1,x\n")
    assert run(path, "--group", "g", "--focal", "F", "--id", "id", "--method", "mh") == 2
    assert _error(capsys) == (
        f"hallmark dif: error: {path} row 3, column 'Q2': score 'x' is not 0, 1 or blank"
    )


def test_a_missing_group_column_is_named(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,Q1,Q2\na,1,0\n")
    assert run(path, "--group", "sex", "--focal", "F", "--method", "mh") == 2
    assert "row 1: no column 'sex' in the header" in _error(capsys)


def test_a_ragged_row_and_a_repeated_id_are_named(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,g,Q1\na,F,1\nb,M\n")
    assert run(path, "--group", "g", "--focal", "F", "--method", "mh") == 2
    assert "row 3: 2 values, expected 3 as in the header" in _error(capsys)
    path.write_text("id,g,Q1\na,F,1\na,M,0\n")
    assert run(path, "--group", "g", "--focal", "F", "--id", "id", "--method", "mh") == 2
    assert "row 3, column 'id': id 'a' already used in row 2" in _error(capsys)


def test_an_absent_focal_group_is_refused(capsys):
    assert run(VERBAL, *ARGS, "--focal", "9", "--method", "mh") == 2
    assert "the focal group (9) has no candidates" in _error(capsys)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--alpha", "1.5"], "--alpha must lie between 0 and 1"),
        (["--max-iterations", "0"], "--max-iterations must be at least 1"),
        (["--reference", "1"], "--reference and --focal name the same group"),
    ],
)
def test_bad_options_are_refused(capsys, option, message):
    assert run(VERBAL, *ARGS, "--method", "mh", *option) == 2
    assert message in _error(capsys)


@pytest.mark.parametrize(
    ("method", "field", "value"),
    [("logistic", "lr_chi2", 11.4111), ("standardization", "std_p_dif", -0.1759)],
)
def test_other_methods_report_their_own_statistics(capsys, method, field, value):
    assert run(VERBAL, *ARGS, "--method", method, "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    row = doc["items"][5]
    assert doc["method"] == method and row["item"] == "S2WantShout"
    assert row[field] == pytest.approx(value, abs=6e-5) and row["flagged"] is True


def test_plain_and_quoted_files_read_the_same(tmp_path):
    from hallmark.psychometrics.dif._io import read_dif_file

    lines = VERBAL.read_text().splitlines()
    quoted = tmp_path / "quoted.csv"
    # a quoted id sends the file to the row-by-row reader
    quoted.write_text("\n".join([lines[0], '"' + lines[1].replace(",", '",', 1), *lines[2:]]))
    fast = read_dif_file(VERBAL, "Gender", id_column="id", exclude=["Anger"])
    slow = read_dif_file(quoted, "Gender", id_column="id", exclude=["Anger"])
    assert fast.items == slow.items and fast.group == slow.group and fast.ids == slow.ids
    assert (fast.scores == slow.scores).all()


def test_a_value_out_of_range_in_a_plain_file_is_named(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,g,Q1,Q2\na,F,1,0\nb,M,1,300\n")
    assert run(path, "--group", "g", "--focal", "F", "--id", "id", "--method", "mh") == 2
    assert "row 3, column 'Q2': score '300' is not 0, 1 or blank" in _error(capsys)


def test_an_item_everyone_got_right_is_reported_empty_with_a_warning(tmp_path, capsys):
    path = tmp_path / "flat.csv"
    rows = [f"c{i},{'F' if i % 2 else 'M'},1,{i % 3 % 2},{(i // 2) % 2}" for i in range(40)]
    path.write_text("id,g,Q1,Q2,Q3\n" + "\n".join(rows) + "\n")
    assert run(path, "--group", "g", "--focal", "F", "--id", "id", "--method", "mh", "--json") == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["items"][0]["mh_chi2"] is None and doc["items"][0]["ets_class"] == ""
    assert "Mantel-Haenszel statistics are undefined for item(s) Q1" in captured.err
