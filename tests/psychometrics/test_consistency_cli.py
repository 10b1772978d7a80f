"""The `hallmark consistency` file verb, called through main()."""

import json
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics import read_scored, reliability
from hallmark.psychometrics.cli import consistency as consistency_verb
from hallmark.psychometrics.consistency import hanson_brennan, livingston_lewis

VERBAL = Path(__file__).parent / "data" / "verbal.csv"
CONTRACT = {
    "method",
    "accuracy",
    "consistency",
    "chance",
    "kappa",
    "false_positive",
    "false_negative",
    "reliability",
}


def run(*args):
    return consistency_verb.main([str(a) for a in args], prog="hallmark consistency")


def _error(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in err if ": error: " in line]
    assert len(errors) == 1, err
    return errors[0]


@pytest.fixture
def scores(tmp_path):
    rng = np.random.default_rng(4)
    totals = rng.binomial(40, rng.beta(5, 3, 3000))
    one_per_row = tmp_path / "totals.csv"
    one_per_row.write_text("id,total\n" + "".join(f"c{i},{t}\n" for i, t in enumerate(totals)))
    counts = np.bincount(totals, minlength=41)
    table = tmp_path / "table.csv"
    table.write_text("score,count\n" + "".join(f"{s},{c}\n" for s, c in enumerate(counts)))
    return one_per_row, table, counts


@pytest.mark.parametrize("method", ["livingston-lewis", "hanson-brennan"])
def test_json_document_from_either_score_file(scores, capsys, method):
    one_per_row, table, counts = scores
    docs = []
    for path in (one_per_row, table):
        assert run(path, "--items", 40, "--cut", 28, "--method", method, "--json") == 0
        docs.append(json.loads(capsys.readouterr().out))
    assert docs[0] == docs[1]
    assert set(docs[0]) >= CONTRACT and docs[0]["method"] == method
    expected = (livingston_lewis if method == "livingston-lewis" else hanson_brennan)(
        counts, 40, [28]
    )
    assert docs[0]["consistency"] == pytest.approx(expected.consistency)
    assert docs[0]["true_score"]["fit"] == expected.true_score.fit


def test_several_cuts_and_a_given_reliability(scores, capsys):
    _, table, _ = scores
    args = ["--items", 40, "--cut", 28, "--cut", 20, "--reliability", 0.9]
    assert run(table, *args, "--method", "livingston-lewis", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["cuts"] == [20, 28] and len(doc["by_cut"]) == 2
    assert doc["reliability"] == 0.9 and doc["reliability_source"] == "given"
    assert doc["effective_length"] > 40


def test_table_output(scores, capsys):
    _, table, _ = scores
    assert run(table, "--items", 40, "--cut", 28, "--method", "hanson-brennan") == 0
    out = capsys.readouterr().out
    assert "cut,accuracy,consistency,chance,kappa,false_positive,false_negative" in out
    assert "\n28,0." in out


def test_subkoviak_reads_scored_items_and_uses_their_kr20(tmp_path, capsys):
    items = tmp_path / "items.csv"
    lines = VERBAL.read_text().splitlines()
    items.write_text("\n".join(",".join(line.split(",")[:25]) for line in lines) + "\n")
    assert run(items, "--items", 24, "--cut", 12, "--method", "subkoviak", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    table = read_scored(items)
    assert doc["reliability"] == pytest.approx(reliability(table.scores).alpha)
    assert doc["reliability_source"] == "kr20" and doc["accuracy"] is None
    assert 0.5 < doc["consistency"] < 1


def test_subkoviak_refuses_a_file_that_is_not_items(capsys):
    assert run(VERBAL, "--items", 24, "--cut", 12, "--method", "subkoviak") == 2
    assert "row 2, column 'Anger': value '20' is not 0 or 1" in _error(capsys)


def test_a_score_above_the_test_length_names_row_and_column(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("total\n12\n41\n")
    assert run(path, "--items", 40, "--cut", 20, "--method", "hanson-brennan") == 2
    assert _error(capsys) == (
        f"hallmark consistency: error: {path} row 3, column 'total': "
        "score 41 is above the maximum 40"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--cut", "50"], "--cut must lie in (0, 40], got 50"),
        (["--cut", "20", "--reliability", "1"], "--reliability must lie between 0 and 1"),
        (["--cut", "20", "--items", "1"], "--items must be at least 2"),
    ],
)
def test_bad_options_are_refused(scores, capsys, option, message):
    _, table, _ = scores
    args = ["--items", "40", *option] if "--items" not in option else option
    assert run(table, *args, "--method", "livingston-lewis") == 2
    assert message in _error(capsys)


def test_a_flat_score_distribution_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "flat.csv"
    path.write_text("score,count\n20,100\n")
    assert run(path, "--items", 40, "--cut", 20, "--method", "hanson-brennan") == 2
    assert "no score variance" in _error(capsys)


def test_the_documented_act288m_table(capsys):
    # docs/consistency.md quotes this output; the figures are BBClassify's (test_consistency.py)
    act = Path(__file__).parent / "data" / "consistency" / "act288m.csv"
    assert run(act, "--items", 40, "--cut", 24, "--method", "hanson-brennan") == 0
    out = capsys.readouterr().out
    assert "reliability 0.8722 (model)" in out
    assert "beta on [0.2232, 1.0000] (three-parameter, upper bound fixed at 1 fit)" in out
    assert "24,0.9443,0.9220,0.6803,0.7561,0.0379,0.0178" in out
