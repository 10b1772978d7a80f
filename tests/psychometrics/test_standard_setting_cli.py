"""The `hallmark standard-setting` file verb, on the hand-worked examples of the method tests."""

import json
import re
from pathlib import Path

import pytest

from hallmark.psychometrics.cli import standard_setting as verb

PARAMS = "item,a,b,c\ni1,1,0.5,0\ni2,1,-1,0\ni3,1,1,0\ni4,1,0,0\ni5,1,-0.5,0\n"
# round 2 is the five pages of test_bookmark.py: 3 3 4 2 4
PLACEMENTS = (
    "panelist,round,page\nann,1,2\nbob,1,5\ncy,1,4\ndee,1,2\neve,1,4\n"
    "ann,2,3\nbob,2,3\ncy,2,4\ndee,2,2\neve,2,4\n"
)
# the groups of test_contrasting_groups.py and the borderline scores of test_borderline_group.py
JUDGED = "total,judgement\n" + "".join(
    [f"{s},qualified\n" for s in (5, 6, 7, 7, 8, 9)]
    + [f"{s},Not Qualified\n" for s in (3, 4, 5, 5, 6, 7)]
    + [f"{s},borderline\n" for s in (4, 5, 5, 6, 9)]
)


def run(*args):
    return verb.main(list(args), prog="hallmark standard-setting")


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (
        ("params", PARAMS),
        ("placements", PLACEMENTS),
        ("judged", JUDGED),
        ("scores", "total\n0\n1\n2\n3\n3\n4\n5\n5\n"),
    ):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text)
    return paths


def test_bookmark_json(files, capsys):
    args = (str(files["params"]), str(files["placements"]), "--scores", str(files["scores"]))
    assert run("bookmark", *args, "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["item"] for p in doc["booklet"]] == ["i2", "i5", "i4", "i1", "i3"]
    assert [r["round"] for r in doc["rounds"]] == [1, 2]
    assert doc["rounds"][1]["panelists"][0] == {
        "panelist": "ann",
        "page": 3,
        "theta": pytest.approx(0.208185, abs=1e-6),  # page 2 (i5, b = -.5) + .708185
    }
    assert doc["theta_cut"] == pytest.approx(0.208185, abs=1e-6)
    assert doc["se"] == pytest.approx(0.234473, abs=1e-6)
    assert doc["expected_score"] == pytest.approx(2.7312, abs=1e-4)
    assert doc["raw_cut"] == 3
    assert doc["pass_rate"] == pytest.approx(5 / 8)


def test_bookmark_table_and_another_form(files, tmp_path, capsys):
    form = tmp_path / "form.csv"
    form.write_text("item,a,b\n" + "".join(f"f{k},1,0\n" for k in range(10)))
    assert run("bookmark", str(files["params"]), str(files["placements"]), "--form", str(form)) == 0
    out = capsys.readouterr().out
    assert "theta_cut,0.2082\n" in out
    assert "form_items,10\nexpected_score,5.5186\nraw_cut,6\n" in out


def test_contrasting_groups_json(files, capsys):
    assert run("contrasting-groups", str(files["judged"]), "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["procedure"] == "contrasting-groups" and doc["method"] == "misclassification"
    assert doc["cut"] == 6 and doc["tied_cuts"] == [6, 7]
    assert doc["table"]["misclassified"] == 0.25
    assert run("contrasting-groups", str(files["judged"])) == 0
    out = capsys.readouterr().out
    assert "tied_cuts,6,7\nraw_cut,6\n" in out
    assert "judgement,pass,fail\nqualified,5,1\nnot qualified,2,4\nmisclassified,0.2500\n" in out
    assert run("contrasting-groups", str(files["judged"]), "--false-pass-weight", "3") == 0
    assert "raw_cut,8\n" in capsys.readouterr().out
    args = ("--method", "logistic", "--false-pass-weight", "3")
    assert run("contrasting-groups", str(files["judged"]), *args) == 0
    # 6 + log(3) / slope, the slope 1.1465 being the same fit as in test_contrasting_groups.py
    assert "cut,6.9582\n" in capsys.readouterr().out
    assert run("contrasting-groups", str(files["judged"]), "--method", "logistic") == 0
    assert "cut,6.0000\n" in capsys.readouterr().out


def test_borderline_group(files, capsys):
    assert run("borderline-group", str(files["judged"]), "--statistic", "mean") == 0
    out = capsys.readouterr().out
    assert "cut,5.8000\n" in out and "raw_cut,6\n" in out and "n,5\n" in out


@pytest.mark.parametrize(
    ("procedure", "name", "text", "message"),
    [
        ("bookmark", "placements", "panelist,page\nann,6\nbob,3\n", "row 2, column 'page'"),
        ("bookmark", "placements", "panelist,page\nann,1\nbob,3\n", "page before the bookmark"),
        ("bookmark", "placements", "panelist,page\nann,3\n", "at least two"),
        ("bookmark", "placements", "panelist,page\nann,3\nann,4\n", "two pages in round 1"),
        ("bookmark", "placements", "panelist,round,page\na,1,3\nb,1,3\na,2,3\n", "round 2"),
        ("bookmark", "placements", "who,page\nann,3\n", "no column 'panelist'"),
        ("bookmark", "params", "item,a,b\ni1,1,0\ni2,nan,1\n", "row 3, column 'a'"),
        ("bookmark", "params", "item,a,b,c\ni1,1,0,0.8\ni2,1,1,0\n", "c = 0.8 >= rp"),
        ("contrasting-groups", "judged", "total,judgement\n3,maybe\n", "row 2, column 'judgement'"),
        ("contrasting-groups", "judged", "total,judgement\n3,qualified\n", "not_qualified: no"),
        ("contrasting-groups", "judged", "total,judgement\n-3,qualified\n", "column 'total'"),
        ("borderline-group", "judged", "score,judgement\n3,qualified\n", "no candidates judged"),
        ("borderline-group", "judged", "judgement\nborderline\n", "no column 'total' (or 'score')"),
    ],
)
def test_bad_files_exit_2_with_a_named_error(files, capsys, procedure, name, text, message):
    files[name].write_text(text)
    positional = {
        "bookmark": [files["params"], files["placements"]],
        "contrasting-groups": [files["judged"]],
        "borderline-group": [files["judged"]],
    }[procedure]
    assert run(procedure, *map(str, positional)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hallmark standard-setting {procedure}: error: ")
    assert message in err and "Traceback" not in err


def test_a_bad_form_is_named(files, tmp_path, capsys):
    form = tmp_path / "form.csv"
    form.write_text("item,a,b\nf1,1,0\nf2,0,1\n")
    args = (str(files["params"]), str(files["placements"]), "--form", str(form))
    assert run("bookmark", *args) == 2
    assert f"{form} row 3, column 'a': slope '0' is not positive" in capsys.readouterr().err


def test_bad_options_exit_2(files, capsys):
    assert run("bookmark", str(files["params"]), str(files["placements"]), "--rp", "1.5") == 2
    assert "--rp must lie between 0 and 1" in capsys.readouterr().err
    assert run("contrasting-groups", str(files["judged"]), "--false-fail-weight", "-1") == 2
    assert "false_fail_weight must be a positive" in capsys.readouterr().err
    assert run("bookmark", "missing.csv", str(files["placements"])) == 2
    assert "missing.csv" in capsys.readouterr().err


DOC = Path(__file__).parents[2] / "docs" / "standard-setting.md"


def test_the_examples_in_the_docs_print_what_the_docs_say(files, capsys, monkeypatch):
    monkeypatch.chdir(files["params"].parent)
    blocks = re.findall(r"```\n\$ hallmark standard-setting (.*?)\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 2
    for command, shown in blocks:
        assert run(*command.split()) == 0
        out = capsys.readouterr().out.splitlines()
        for part in shown.split("...\n"):  # "..." stands for lines left out
            lines = part.splitlines()
            start = out.index(lines[0])
            assert out[start : start + len(lines)] == lines


def test_the_figures_quoted_in_the_docs(files, capsys):
    assert run("bookmark", str(files["params"]), str(files["placements"])) == 0
    assert "1,0.7082,0.6708,0.3760\n2,0.2082,0.4183,0.2345\n" in capsys.readouterr().out
    assert run("borderline-group", str(files["judged"])) == 0
    out = capsys.readouterr().out
    assert "cut,5.0000\n" in out and "sd,1.9235\nse,0.8602\n" in out


def test_the_python_example_in_the_docs_gives_its_figures():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    lines = [line for line in code.splitlines() if "#" in line and "=" not in line.split("#")[0]]
    namespace: dict = {}
    exec(code, namespace)  # the statements; then each commented expression against its comment
    for line in lines:
        expression, shown = line.split("#", 1)
        got = eval(expression, namespace)
        got = got if isinstance(got, tuple) else (got,)
        figures = [float(f) for f in re.findall(r"-?\d+(?:\.\d+)?", shown)][: len(got)]
        assert [round(float(g), 4) for g in got] == figures, line
