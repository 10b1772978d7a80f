"""Parametric-bootstrap standard errors of IRT equating.

The reference is a numerical delta method on K&B's kb04 forms (Table 6.5): finite
differences of the equivalents over every a, b and c of both forms, combined with the same
independent parameter SEs the bootstrap draws from.
"""

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics._warnings import DegenerateDataWarning
from hallmark.psychometrics.cli import equate as equate_verb
from hallmark.psychometrics.equating import equate_irt
from hallmark.psychometrics.irt import ItemParameters, ParameterErrors, read_param_errors

DATA = Path(__file__).parent / "data" / "kb04.csv"
with DATA.open() as _f:
    ROWS = list(csv.DictReader(_f))
K = len(ROWS)


def _form(suffix):
    return ItemParameters.from_difficulty(
        [r["item"] for r in ROWS],
        [float(r[f"a_{suffix}"]) for r in ROWS],
        [float(r[f"b_{suffix}"]) for r in ROWS],
        [float(r[f"c_{suffix}"]) for r in ROWS],
        scale=1.7,
    )


X, Y = _form("x"), _form("y")


def _errors(se_a=0.08, se_b=0.10, se_c=0.03):
    return ParameterErrors(np.full(K, se_a), np.full(K, se_b), np.full(K, se_c), "b")


def _se(method="true-score", errors=None, reps=200, seed=7):
    e = errors or _errors()
    r = equate_irt(X, Y, method, bootstrap=reps, seed=seed, x_errors=e, y_errors=e)
    assert r.se_kind == "parametric-bootstrap"
    return r.se


def _delta_se(method, errors, h=1e-5):
    base = equate_irt(X, Y, method).equated
    var = np.zeros(K + 1)
    for form in (0, 1):
        p = (X, Y)[form]
        for name, se in (("a", errors.a), ("b", errors.intercept_se), ("c", errors.c)):
            for j in range(K):
                v = {"a": p.a.copy(), "b": p.b.copy(), "c": p.c.copy()}
                v[name][j] += h
                q = ItemParameters.from_difficulty(p.items, v["a"], v["b"], v["c"], p.scale)
                pair = (q, Y) if form == 0 else (X, q)
                var += ((equate_irt(*pair, method).equated - base) / h * se[j]) ** 2
    return np.sqrt(var)


def test_zero_parameter_errors_give_zero_standard_errors():
    for method in ("true-score", "observed-score"):
        np.testing.assert_array_equal(_se(method, _errors(0.0, 0.0, 0.0), reps=5), 0.0)


def test_doubling_the_parameter_errors_doubles_the_equating_errors():
    one = _se(errors=_errors(0.04, 0.05, 0.01))
    two = _se(errors=_errors(0.08, 0.10, 0.02))
    inside = slice(4, K - 5)  # the top scores, near the ceiling, bend a little
    assert one[inside].min() > 0.02
    np.testing.assert_allclose(two[inside] / one[inside], 2.0, rtol=0.1)


def test_seeded_runs_repeat_exactly_and_seeds_differ():
    np.testing.assert_array_equal(_se(seed=3, reps=30), _se(seed=3, reps=30))
    assert not np.array_equal(_se(seed=3, reps=30), _se(seed=4, reps=30))


def test_bootstrap_agrees_with_the_numerical_delta_method_on_kb04():
    errors = _errors()
    boot = _se("true-score", errors, reps=1000, seed=11)
    delta = _delta_se("true-score", errors)
    inside = slice(2, K - 1)  # at 35 of 36 the curve bends and the linear delta method falls short
    # 1,000 replications: the SD has a Monte Carlo error of about 2.2%
    np.testing.assert_allclose(boot[inside], delta[inside], rtol=0.08)
    assert boot[0] == 0 and boot[K] == 0


def test_impossible_draws_are_redrawn_or_dropped_with_a_warning_never_nan():
    # item 1's c is almost never drawn inside [0, 1): most draws are dropped
    wild = ParameterErrors(np.full(K, 0.1), np.full(K, 0.1), np.r_[50.0, np.zeros(K - 1)], "b")
    with pytest.warns(DegenerateDataWarning, match=r"slope <= 0 or a c outside \[0, 1\)"):
        r = equate_irt(X, Y, bootstrap=50, seed=1, x_errors=wild, y_errors=_errors())
    assert np.all(np.isfinite(r.se))
    mild = ParameterErrors(np.full(K, 0.4), np.full(K, 0.1), np.full(K, 0.08), "b")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateDataWarning)  # redrawn, none dropped
        r = equate_irt(X, Y, bootstrap=50, seed=1, x_errors=mild, y_errors=mild)
    assert np.all(np.isfinite(r.se)) and r.se[10] > 0


def test_the_bootstrap_needs_both_forms_errors():
    with pytest.raises(ValueError, match="standard errors of both forms"):
        equate_irt(X, Y, bootstrap=10, x_errors=_errors())
    short = ParameterErrors(np.full(3, 0.1), np.full(3, 0.1), np.full(3, 0.0), "b")
    with pytest.raises(ValueError, match="y: se_a has 3 values for 36 items"):
        equate_irt(X, Y, bootstrap=10, x_errors=_errors(), y_errors=short)


def _write(path, form, se=True):
    head = "item,a,b,c,se_a,se_b,se_c" if se else "item,a,b,c"
    tail = ",0.08,0.1,0.03" if se else ""
    rows = [
        f"{n},{a!r},{b!r},{c!r}{tail}"
        for n, a, b, c in zip(
            form.items, form.a.tolist(), form.b.tolist(), form.c.tolist(), strict=True
        )
    ]
    path.write_text(head + "\n" + "\n".join(rows) + "\n")


def test_read_param_errors_reads_the_se_columns(tmp_path):
    _write(tmp_path / "x.csv", X)
    e = read_param_errors(tmp_path / "x.csv")
    assert e.intercept == "b" and e.a.shape == (K,)
    np.testing.assert_array_equal(e.c, 0.03)
    _write(tmp_path / "bare.csv", X, se=False)
    assert read_param_errors(tmp_path / "bare.csv") is None


def test_the_verb_reports_bootstrap_errors(tmp_path, capsys):
    _write(tmp_path / "x.csv", X)
    _write(tmp_path / "y.csv", Y)
    argv = ["--design", "irt", "--method", "observed-score", "--scale", "1.702"]
    argv += ["--x-params", str(tmp_path / "x.csv"), "--y-params", str(tmp_path / "y.csv")]
    assert equate_verb.main([*argv, "--bootstrap", "20", "--seed", "5", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["se_kind"] == "parametric-bootstrap"
    assert all(row["se"] is not None for row in doc["table"])
    assert doc["table"][18]["se"] > 0 and doc["settings"]["seed"] == 5


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: _write(p, X, se=False), "has no se_a, se_d/se_b columns"),
        (
            lambda p: p.write_text(p.read_text().replace(",0.08,", ",-0.08,", 1)),
            "standard error '-0.08' is negative",
        ),
        (
            lambda p: p.write_text(p.read_text().replace(",se_b,", ",se_x,")),
            "standard errors need columns se_a and se_d or se_b",
        ),
    ],
)
def test_the_verb_refuses_bad_standard_errors_in_one_line(tmp_path, capsys, edit, message):
    px = tmp_path / "x.csv"
    _write(px, X)
    _write(tmp_path / "y.csv", Y)
    edit(px)
    argv = ["--design", "irt", "--method", "true-score", "--x-params", str(px)]
    argv += ["--y-params", str(tmp_path / "y.csv"), "--bootstrap", "20", "--seed", "1"]
    assert equate_verb.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and str(px) in err and err.count("\n") == 1


def test_independent_draws_misstate_the_se_on_lsat7_as_the_docs_say(monkeypatch):
    """docs/equating.md: on LSAT7 independent (a, d) overstate the true-score SE at raw
    scores 1-3 (18%, 36%, 69%) and understate it at 4 (9%), against the Louis covariance."""
    from hallmark.psychometrics.irt import _calibrate

    kept = {}
    louis = _calibrate.louis_covariance

    def keep(*args, **kwargs):
        kept["cov"] = louis(*args, **kwargs)
        return kept["cov"]

    monkeypatch.setattr(_calibrate, "louis_covariance", keep)
    with (Path(__file__).parent / "data" / "lsat7.csv").open() as f:
        rows = list(csv.reader(f))[1:]
    scores = np.array([[float(v) for v in r[1:6]] for r in rows])
    cal = _calibrate.calibrate(scores, "2pl", weights=[float(r[6]) for r in rows])
    cov = kept["cov"].items[:, :2, :2]  # (a, d) of each item
    a, d = np.array([it.a for it in cal.items]), np.array([it.d for it in cal.items])
    fx = ItemParameters(tuple("abcde"), a, d)
    fy = ItemParameters(fx.items, a, d + 0.3 * a)  # a form 0.3 easier
    base, grads, h = equate_irt(fx, fy).equated, [], 1e-5
    for form in (0, 1):
        for j in range(5):
            for col in (0, 1):
                v = np.array([a, (d, d + 0.3 * a)[form]])
                v[col, j] += h
                q = ItemParameters(fx.items, v[0], v[1])
                pair = (q, fy) if form == 0 else (fx, q)
                grads.append((equate_irt(*pair).equated - base) / h)
    g = np.array(grads).T.reshape(6, 10, 2)  # scores x items of both forms x (a, d)
    full_cov = np.concatenate([cov, cov])
    full = np.sqrt(np.einsum("sia,iab,sib->s", g, full_cov, g))
    independent = np.sqrt(np.einsum("sia,ia,sia->s", g, np.diagonal(full_cov, 0, 1, 2), g))
    ratio = independent[1:5] / full[1:5]
    np.testing.assert_allclose(ratio, [1.18, 1.36, 1.69, 0.91], atol=0.01)


def test_the_verb_reads_the_errors_calibrate_writes(tmp_path, capsys):
    from hallmark.psychometrics.cli import calibrate as calibrate_verb

    params = tmp_path / "p.csv"
    data = Path(__file__).parent / "data" / "lsat7.csv"
    argv = ["--model", "2pl", "--freq", "freq", "--out", str(params), str(data)]
    assert calibrate_verb.main(argv) == 0
    capsys.readouterr()
    errors = read_param_errors(params)
    assert errors.intercept == "d" and np.all(errors.a > 0)
    np.testing.assert_array_equal(errors.c, 0.0)  # blank se_c: c is not estimated in a 2PL
    argv = ["--design", "irt", "--method", "true-score", "--x-params", str(params)]
    argv += ["--y-params", str(params), "--bootstrap", "100", "--seed", "2", "--json"]
    assert equate_verb.main(argv) == 0
    se = [row["se"] for row in json.loads(capsys.readouterr().out)["table"]]
    assert se[0] == se[5] == 0 and all(0.02 < v < 0.5 for v in se[1:5])
