"""The `hallmark link` file verb: constants, bootstrap SEs, drift screening, bad input."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.cli import link as link_verb
from hallmark.psychometrics.irt import LINKING_METHODS, link, read_params

KB04 = Path(__file__).parent / "data" / "kb04.csv"


def run_link(*args):
    return link_verb.main(list(args), prog="hallmark link")


def _files(tmp_path, shift=0.0):
    """KB04 (Kolen & Brennan Table 6.5) as two PARAMS.csv files; items 3, 6, ..., 36 shared."""
    t = np.loadtxt(KB04, delimiter=",", skiprows=1)
    new, base = tmp_path / "new.csv", tmp_path / "base.csv"
    for path, cols, tag in ((new, slice(1, 4), "x"), (base, slice(4, 7), "y")):
        lines = ["item,a,b,c"]
        for row in t:
            j = int(row[0])
            a, b, c = row[cols]
            if tag == "x" and j == 9:
                b += shift
            lines.append(f"{'c' if j % 3 == 0 else tag}{j},{a},{b},{c}")
        path.write_text("\n".join(lines) + "\n")
    return new, base


def test_offers_the_library_methods():
    assert link_verb.METHODS == LINKING_METHODS


def test_haebara_json_with_bootstrap_and_linked_file(tmp_path, capsys):
    new, base = _files(tmp_path)
    out = tmp_path / "linked.csv"
    args = [str(new), str(base), "--method", "haebara", "--bootstrap", "30", "--seed", "5"]
    assert run_link(*args, "--json", "--out", str(out)) == 0
    doc = json.loads(capsys.readouterr().out)
    expected = link(read_params(new), read_params(base), "haebara", bootstrap=30, random_state=5)
    assert doc["slope"] == pytest.approx(expected.slope, rel=1e-12)
    assert doc["intercept_se"] == pytest.approx(expected.intercept_se, rel=1e-12)
    assert doc["bootstrap"] == 30 and len(doc["common"]) == 12
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert len(rows) == 36 and rows[0]["item"] == "x1"
    assert float(rows[0]["b"]) == pytest.approx(expected.slope * -1.796 + expected.intercept)


def test_drift_names_the_moved_item_and_relinks_without_it(tmp_path, capsys):
    new, base = _files(tmp_path, shift=1.0)  # common item 9 became harder on the new form
    # KB04's own anchors move up to 0.6 after linking and their raw b differences spread
    # little, so limits looser than the defaults single out the planted shift
    limits = ["--z-limit", "10", "--displacement-limit", "1.0"]
    assert run_link(str(new), str(base), "--drift", *limits) == 0
    text = capsys.readouterr().out
    assert text.strip().splitlines()[-1] == "drifted: c9"
    assert "method stocking-lord, 11 common items" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--bootstrap", "-1"], "--bootstrap must be 0 or more, got -1"),
        (["--z-limit", "0"], "--z-limit must be positive, got 0.0"),
    ],
)
def test_bad_options(tmp_path, capsys, extra, message):
    new, base = _files(tmp_path)
    assert run_link(str(new), str(base), *extra) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_bad_files(tmp_path, capsys):
    new, base = _files(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("item,a,b\nz1,1,0\nc3,1,0.5\n")
    assert run_link(str(new), str(other)) == 2
    assert "share 1 item(s) by name; linking needs 2" in capsys.readouterr().err
    broken = tmp_path / "broken.csv"
    broken.write_text("item,a,b\nc3,1,0\nc6,x,0.5\n")
    assert run_link(str(broken), str(base)) == 2
    err = capsys.readouterr().err.strip()
    assert "broken.csv" in err and "row 3" in err and "'a'" in err and "\n" not in err


def test_the_documented_example(tmp_path, capsys):
    # docs/psychometrics-irt.md quotes this run on KB04 (forms X and Y of K&B Table 6.5)
    new, base = _files(tmp_path)
    args = [str(new), str(base), "--method", "haebara", "--bootstrap", "500", "--seed", "1"]
    assert run_link(*args, "--drift") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "method haebara, 9 common items"
    assert lines[1] == "A 1.073237  B -0.488416  (bootstrap SE 0.0434, 0.0791; 500 resamples)"
    assert "c21,0.2770,7.208,0.5626,1" in lines
    assert lines[-1] == "drifted: c9, c21, c36"
