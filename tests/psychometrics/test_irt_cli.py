"""The `hallmark calibrate` and `hallmark theta` file verbs, called through main()."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.cli import calibrate as calibrate_verb
from hallmark.psychometrics.cli import theta as theta_verb

LSAT7 = Path(__file__).parent / "data" / "lsat7.csv"


def run_calibrate(*args):
    return calibrate_verb.main(list(args), prog="hallmark calibrate")


def run_theta(*args):
    return theta_verb.main(list(args), prog="hallmark theta")


def test_help_exits_zero(capsys):
    assert run_calibrate("--help") == 0
    assert "--anchors" in capsys.readouterr().out
    assert run_theta("--help") == 0
    assert "--method" in capsys.readouterr().out


def test_calibrate_json_document(capsys):
    assert (
        run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--json", "--tol", "1e-6")
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {
        "items",
        "loglik",
        "aic",
        "bic",
        "iterations",
        "converged",
        "model",
        "scale",
    }
    assert doc["model"] == "2pl" and doc["scale"] == 1.0 and doc["converged"] is True
    assert doc["loglik"] == pytest.approx(-2658.805, abs=1e-3)  # R mirt, see test_irt_reference
    first = doc["items"][0]
    assert first["item"] == "Item.1"
    assert set(first) >= {"a", "b", "c", "d", "se_a", "se_b", "se_c", "se_d"}
    assert first["se_c"] is None  # not estimated in a 2PL: null, not NaN


def test_calibrate_out_then_theta(tmp_path, capsys):
    params = tmp_path / "params.csv"
    assert run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--out", str(params)) == 0
    table = capsys.readouterr().out
    assert "loglik -2658.80" in table
    rows = list(csv.DictReader(params.read_text().splitlines()))
    assert [r["item"] for r in rows] == ["Item.1", "Item.2", "Item.3", "Item.4", "Item.5"]
    assert list(rows[0]) == ["item", "a", "b", "c", "d", "se_a", "se_b", "se_c", "se_d"]
    scored = tmp_path / "scored.csv"
    scored.write_text(
        "id,Item.1,Item.2,Item.3,Item.4,Item.5\nann,0,0,0,0,0\nbob,1,1,1,1,1\ncy,1,,0,1,\n"
    )
    out = tmp_path / "theta.csv"
    assert (
        run_theta(str(scored), "--params", str(params), "--method", "mle", "--out", str(out)) == 0
    )
    got = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["id"] for r in got] == ["ann", "bob", "cy"]
    assert float(got[0]["theta"]) == -4.0 and float(got[1]["theta"]) == 4.0
    assert run_theta(str(scored), "--params", str(params)) == 0
    eap = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert -4 < float(eap[0]["theta"]) < float(eap[2]["theta"]) < float(eap[1]["theta"]) < 4


def test_anchored_calibration_keeps_anchor_values(tmp_path, capsys):
    anchors = tmp_path / "bank.csv"
    anchors.write_text("item,a,b,c\nItem.1,0.99,-1.88,0\nItem.3,1.71,-1.06,0\n")
    assert (
        run_calibrate(
            str(LSAT7), "--model", "2pl", "--freq", "freq", "--anchors", str(anchors), "--json"
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    first = doc["items"][0]
    assert (
        first["anchor"] is True
        and first["a"] == pytest.approx(0.99)
        and first["b"] == pytest.approx(-1.88)
    )
    assert doc["items"][1]["anchor"] is False and doc["latent_sd"] > 0


def test_scale_option_reports_normal_metric(capsys):
    assert (
        run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--json", "--scale", "1.702")
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["scale"] == 1.702
    assert doc["items"][0]["a"] == pytest.approx(0.9876 / 1.702, abs=1e-3)


def _error(capsys):
    err = capsys.readouterr().err.strip()
    assert "\n" not in err  # one line
    return err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,q1,q2\na,1,0\nb,1\n", "row 3: 2 values, expected 3 as in the header"),
        ("id,q1,q2\na,1,0\nb,1,x\n", "row 3, column 'q2': value 'x' is not 0 or 1"),
        ("", "file is empty"),
        (
            "id,q1,q2,n\na,1,0,2\nb,1,1,-1\n",
            "row 3, column 'n': frequency '-1' is not a positive number",
        ),
    ],
)
def test_bad_scored_files(tmp_path, capsys, content, expected):
    path = tmp_path / "scored.csv"
    path.write_text(content)
    code = run_calibrate(str(path), "--model", "2pl", *(["--freq", "n"] if ",n" in content else []))
    assert code == 2
    err = _error(capsys)
    assert err.startswith("hallmark calibrate: error: ")
    assert f"{path}" in err and expected in err


def test_params_missing_an_item(tmp_path, capsys):
    params = tmp_path / "params.csv"
    params.write_text("item,a,b,c,d\nItem.1,1,0,0,0\n")
    code = run_theta(str(LSAT7), "--params", str(params), "--freq", "freq")
    assert code == 2
    err = _error(capsys)
    assert f"{params} column 'item': no parameters for item 'Item.2'" in err


def test_non_numeric_parameter(tmp_path, capsys):
    params = tmp_path / "params.csv"
    params.write_text("item,a,b,c,d\nItem.1,1,0,0,0\nItem.2,one,0,0,0\n")
    assert run_theta(str(LSAT7), "--params", str(params), "--freq", "freq") == 2
    assert f"{params} row 3, column 'a': value 'one' is not a number" in _error(capsys)


def test_anchor_not_in_scored_file(tmp_path, capsys):
    anchors = tmp_path / "bank.csv"
    anchors.write_text("item,a,b,c\nItem.1,1,0,0\nQ99,1,0,0\n")
    assert (
        run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--anchors", str(anchors))
        == 2
    )
    assert f"{anchors} row 3, column 'item': item 'Q99' is not a column of" in _error(capsys)


def test_bad_option_value(capsys):
    assert run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--quadpts", "3") == 2
    assert "--quadpts must be at least 5" in _error(capsys)


def test_degenerate_item_warns_on_stderr(tmp_path, capsys):
    rng = np.random.default_rng(0)
    x = (rng.random((200, 4)) < 0.6).astype(int)
    x[:, 1] = 1
    path = tmp_path / "scored.csv"
    path.write_text(
        "id,q1,q2,q3,q4\n"
        + "".join(f"c{i}," + ",".join(map(str, r)) + "\n" for i, r in enumerate(x))
    )
    assert run_calibrate(str(path), "--model", "rasch") == 0
    err = capsys.readouterr().err
    assert (
        "hallmark calibrate: warning: items with no responses or no variance" in err and "q2" in err
    )


def test_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert run_calibrate(str(missing), "--model", "2pl") == 2
    assert str(missing) in _error(capsys)


def test_lsat7_file_is_the_reference_data(tmp_path):
    # The CSV in tests/psychometrics/data is read by the same reader as any user file.
    copy = tmp_path / "lsat7.csv"
    shutil.copy(LSAT7, copy)
    from hallmark.psychometrics.io import read_scored

    table = read_scored(copy, "freq")
    assert table.weights.sum() == 1000 and table.scores.shape == (32, 5)


def test_a_prior_mean_that_is_not_a_number_is_refused(tmp_path, capsys):
    params = tmp_path / "params.csv"
    assert run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--out", str(params)) == 0
    capsys.readouterr()
    code = run_theta(str(LSAT7), "--params", str(params), "--freq", "freq", "--prior-mean", "nan")
    assert code == 2
    assert "--prior-mean must be a finite number, got nan" in _error(capsys)


def test_the_verbs_offer_the_library_methods():
    from hallmark.psychometrics.cli import equate as equate_verb
    from hallmark.psychometrics.equating import IRT_METHODS, NEAT_METHODS, RANDOM_GROUPS_METHODS
    from hallmark.psychometrics.irt import MODELS

    assert calibrate_verb.MODELS == MODELS
    assert equate_verb.METHODS == {
        "random-groups": RANDOM_GROUPS_METHODS,
        "neat": NEAT_METHODS,
        "irt": IRT_METHODS,
    }


@pytest.mark.parametrize(
    "verb",
    ["analyze", "calibrate", "equate", "theta", "dif", "consistency", "link", "standard-setting"],
)
def test_help_imports_neither_scipy_nor_django(verb):
    # scipy.stats alone took most of a second to import; --help and bad options should not wait.
    probe = (
        "import sys\n"
        "from hallmark.site.cli import run_file_verb\n"
        f"assert run_file_verb({verb!r}, ['--help']) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'django'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_outputs_quote_formula_like_names_and_keep_negative_numbers(tmp_path, capsys):
    # Item and candidate names come from a vendor's file: "=..." must not run in a spreadsheet.
    rows = list(csv.reader(LSAT7.read_text().splitlines()))
    rows[0][1] = "=HYPERLINK(1)"
    rows[1][0] = "@cmd"
    scored = tmp_path / "scored.csv"
    scored.write_text("\n".join(",".join(r) for r in rows) + "\n")
    params = tmp_path / "params.csv"
    args = (str(scored), "--model", "2pl", "--freq", "freq", "--out", str(params))
    assert run_calibrate(*args) == 0
    written = list(csv.DictReader(params.read_text().splitlines()))
    assert written[0]["item"] == "'=HYPERLINK(1)"
    assert float(written[0]["b"]) < 0 and written[0]["b"].startswith("-")  # a number, unquoted
    assert "'=HYPERLINK(1)," in capsys.readouterr().out  # the printed table too
    out = tmp_path / "theta.csv"
    assert run_theta(str(scored), "--params", str(params), "--freq", "freq", "--out", str(out)) == 0
    thetas = list(csv.DictReader(out.read_text().splitlines()))
    assert thetas[0]["id"] == "'@cmd"
    assert any(t["theta"].startswith("-") for t in thetas)


def test_a_singular_information_matrix_gives_nan_standard_errors_not_a_warning(tmp_path, capsys):
    # Found by the file-verb fuzz test: numpy's "invalid value in sqrt" escaped (an error here).
    scored = tmp_path / "scored.csv"
    scored.write_bytes(b"\x00\x00,\x00,\x01\n\x02,1,1\n\x01,0,0")
    assert run_calibrate(str(scored), "--model", "rasch", "--max-iter", "5", "--json") == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert all(item["se_b"] is None or item["se_b"] != item["se_b"] for item in items)


def test_theta_offers_the_library_methods():
    from hallmark.psychometrics.irt import CONVERSION_METHODS
    from hallmark.psychometrics.irt._ability import METHODS

    assert theta_verb.METHODS == METHODS
    assert theta_verb.TABLE_METHODS == CONVERSION_METHODS


def _lsat7_params(tmp_path, capsys):
    params = tmp_path / "params.csv"
    assert run_calibrate(str(LSAT7), "--model", "2pl", "--freq", "freq", "--out", str(params)) == 0
    capsys.readouterr()
    return params


def test_theta_wle_json_gives_lz_per_candidate(tmp_path, capsys):
    params = _lsat7_params(tmp_path, capsys)
    scored = tmp_path / "scored.csv"
    scored.write_text(
        "id,Item.1,Item.2,Item.3,Item.4,Item.5\nann,0,0,0,0,0\nbob,1,1,1,1,1\n"
        "cy,1,,0,1,\ndee,0,1,0,1,0\neve,,,,,\n"
    )
    assert run_theta(str(scored), "--params", str(params), "--method", "wle", "--json") == 0
    out = capsys.readouterr()
    doc = json.loads(out.out)
    assert doc["method"] == "wle"
    rows = {r["id"]: r for r in doc["candidates"]}
    # WLE gives the all-right pattern a finite value (the MLE holds it at 4); the all-wrong
    # WLE of these easy items is -4.137, so it is held at -4 and flagged
    assert rows["ann"]["theta"] < rows["cy"]["theta"] < rows["bob"]["theta"] < 2
    assert rows["ann"]["theta"] == -4.0 and rows["ann"]["at_bound"] and not rows["bob"]["at_bound"]
    # figures quoted in docs/psychometrics-irt.md
    assert rows["bob"]["theta"] == pytest.approx(1.088248, abs=1e-5)
    assert rows["dee"]["lz"] == pytest.approx(-1.9345, abs=1e-4)
    # dee got the two hardest items (2 and 4) right and the three easiest wrong: poor fit
    assert rows["dee"]["lz"] < -1.645 < rows["cy"]["lz"]
    assert rows["eve"]["theta"] is None and rows["eve"]["lz"] is None
    assert "WLE is undefined" in out.err


def test_theta_table_prints_the_conversion(tmp_path, capsys):
    params = _lsat7_params(tmp_path, capsys)
    args = ["--params", str(params), "--table", "eap", "--slope", "10", "--intercept", "50"]
    assert run_theta(*args) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["raw"] for r in rows] == ["0", "1", "2", "3", "4", "5"]
    assert list(rows[0]) == [
        "raw", "theta", "theta_csem", "scaled", "scaled_csem", "raw_csem", "at_bound"
    ]  # fmt: skip
    # mirt EAPsum on LSAT7 (test_irt_reference.py): raw 3 -> theta -0.4131963, SE 0.7210951
    assert float(rows[3]["theta"]) == pytest.approx(-0.4131963, abs=2e-3)
    assert float(rows[3]["scaled"]) == pytest.approx(50 - 4.131963, abs=2e-2)
    assert run_theta("--params", str(params), "--table", "tcc", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["method"] == "tcc" and doc["rows"][0]["at_bound"] is True


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--table", "tcc", "SCORED"], "give no SCORED.csv with it"),
        ([], "SCORED.csv is required"),
        (["--table", "tcc", "--slope", "0"], "--slope must be positive, got 0.0"),
        (["--table", "tcc", "--intercept", "inf"], "--intercept must be a finite number"),
    ],
)
def test_theta_table_options_are_checked(tmp_path, capsys, extra, message):
    params = _lsat7_params(tmp_path, capsys)
    extra = [str(LSAT7) if e == "SCORED" else e for e in extra]
    assert run_theta("--params", str(params), *extra) == 2
    assert message in _error(capsys)
