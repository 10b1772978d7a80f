"""`hallmark analyze`, called as main([...]) on files in tmp_path."""

import json
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics import item_analysis, read_key, read_responses
from hallmark.psychometrics.cli.analyze import main

DATA = Path(__file__).parent / "data"
PROG = "hallmark analyze"

RESPONSES = """\
id,Q1,Q2,Q3,Q4
c0,B,B,B,B
c1,A,B,B,C
c2,A,B,B,D
c3,A,A,B,B
c4,A,A,B,C
c5,A,B,B,A
c6,A,A,B,A
c7,A,A,A,C
c8,A,A,A,A
c9,A,A,A,A
"""
KEY = "item,key\nQ1,A\nQ2,A\nQ3,A\nQ4,A\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "responses": tmp_path / "responses.csv",
        "key": tmp_path / "key.csv",
        "domains": tmp_path / "domains.csv",
    }
    paths["responses"].write_text(RESPONSES)
    paths["key"].write_text(KEY)
    paths["domains"].write_text("item,domain\nQ1,Intake\nQ2,Intake\nQ3,Placement\nQ4,Placement\n")
    return paths


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], prog=PROG)
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_the_item_table_and_the_reliability(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, files["responses"], "--key", files["key"])
    assert code == 0
    assert err == ""
    header = next(line for line in out.splitlines() if line.startswith("item"))
    assert header.split() == ["item", "N", "p", "r_pbis", "biserial", "flags"]
    q4 = next(line for line in out.splitlines() if line.startswith("Q4 "))
    # p = .4 and corrected point-biserial .375 (worked by hand in test_ctt.py)
    assert q4.split()[1:4] == ["10", "0.400", "0.375"]
    assert "alpha (KR-20)" in out
    assert "CSEM" not in out


def test_the_table_is_aligned(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, files["responses"], "--key", files["key"])
    lines = out.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("item"))) :][:5]
    # the right edge of the p column is the same on every line
    edges = {line.index(line.split()[2]) + len(line.split()[2]) for line in table}
    assert len(edges) == 1


def test_json_is_one_document_with_the_library_numbers(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, files["responses"], "--key", files["key"], "--json", "--cut", 2)
    assert code == 0
    document = json.loads(out)
    expected = item_analysis(
        read_responses(files["responses"]), read_key(files["key"]), cut=2
    ).to_dict()
    assert document["analysis"] == json.loads(json.dumps(expected))
    assert document["analysis"]["reliability"]["csem_at_cut"] == pytest.approx(np.sqrt(4 / 3))


def test_cut_and_domains_add_their_lines(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, files["responses"], "--key", files["key"], "--cut", 2, "--domains", files["domains"]
    )
    assert code == 0
    assert "CSEM at cut 2 (Lord)" in out
    assert "Intake" in out
    assert "Placement" in out


def test_distractors_prints_each_option_table(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, files["responses"], "--key", files["key"], "--distractors")
    assert "Q4 (key A, omitted 0.000)" in out
    assert any(line.split()[:2] == ["A", "*"] for line in out.splitlines())


def test_it_analyses_scored_pattern_frequencies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, DATA / "lsat6.csv", "--freq", "freq", "--json")
    assert code == 0
    document = json.loads(out)
    # ltm 1.2-0, cronbach.alpha(LSAT): alpha 0.295 (see test_reliability.py)
    assert document["analysis"]["reliability"]["alpha"] == pytest.approx(0.295, abs=5e-4)
    assert document["analysis"]["n_candidates"] == 1000


def test_a_bad_value_is_one_line_naming_file_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "responses.csv"
    path.write_text("id,Q1,Q2,Q3\nc1,1,0,1\nc2,1,1,1\nc3,0,0,0\nc4,1,0,x\n")
    code, out, err = run(capsys, path)
    assert code == 2
    assert out == ""
    assert err == f"{PROG}: error: {path} row 5, column 'Q3': value 'x' is not 0 or 1\n"


@pytest.mark.parametrize(
    ("key_text", "words"),
    [
        ("item,key\nQ1,A\nQ2,A\nQ3,A\nQ4,A\nQ5,A\n", "row 6, column 'item': item 'Q5' is not"),
        ("item,key\nQ1,A\nQ2,A\n", "no key for item(s) 'Q3', 'Q4'"),
        ("item,key\nQ1,*\nQ2,*\nQ3,*\nQ4,*\n", "every item is dropped"),
    ],
)
def test_a_bad_key_is_one_line(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], key_text: str, words: str
) -> None:
    files["key"].write_text(key_text)
    code, _, err = run(capsys, files["responses"], "--key", files["key"])
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith(f"{PROG}: error: {files['key']}")
    assert words in err


def test_a_cut_beyond_the_items_is_refused(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, files["responses"], "--key", files["key"], "--cut", 9)
    assert code == 2
    assert err == f"{PROG}: error: --cut 9 is outside 0..4 (the scored items' raw scores)\n"


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path / "nope.csv")
    assert code == 2
    assert err.startswith(f"{PROG}: error: {tmp_path / 'nope.csv'}")
    assert err.count("\n") == 1


def test_degenerate_data_is_a_warning_line_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("id,Q1,Q2,Q3\nc1,1,1,0\nc2,1,0,1\nc3,1,1,1\n")
    code, out, err = run(capsys, path)
    assert code == 0
    assert f"{PROG}: warning: item(s) Q1 were answered right by all" in err
    assert "p_high" in out


def test_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "--key KEY.csv" in out
    assert "miskey" in out
    code, _, err = run(capsys, "--cut")
    assert code == 2
    assert "usage:" in err


def test_a_key_files_scoring_column_marks_multiple_response_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_text("id,Q1,Q2\nc0,A,A|C\nc1,B,A\nc2,A,A|B|C\nc3,B,B|D\n")
    key = tmp_path / "key.csv"
    key.write_text("item,key,scoring\nQ1,A,\nQ2,A|C,partial\n")
    code, out, _err = run(capsys, responses, "--key", key, "--json")
    assert code == 0
    q2 = json.loads(out)["analysis"]["items"][1]
    # points 2 1 1 0 out of 2: p = 4 / 8; one row per option chosen
    assert q2["maximum"] == 2 and q2["p"] == pytest.approx(0.5)
    assert [o["option"] for o in q2["options"]] == ["A", "B", "C", "D"]
    key.write_text("item,key,scoring\nQ1,A,\nQ2,A|C,some\n")
    code, _out, err = run(capsys, responses, "--key", key)
    assert code != 0 and "scoring 'some' is not one of" in err
