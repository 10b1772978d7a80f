"""IRT true-score and observed-score equating.

No published conversion table could be reproduced here (R cannot run, and the item
parameters of K&B's chapter 6 example are not shipped); the tests check the definitions
instead: the Lord-Wingersky distribution against brute-force enumeration of response
patterns, the true-score conversion against the test characteristic curves, and identity.
"""

import itertools
import json

import numpy as np
import pytest
from scipy.special import expit

from hallmark.psychometrics.cli import equate as equate_verb
from hallmark.psychometrics.equating import equate_irt, irt_score_distribution
from hallmark.psychometrics.irt import ItemParameters

RNG = np.random.default_rng(20)
K = 24
NAMES = [f"i{j}" for j in range(K)]
FORM_X = ItemParameters.from_difficulty(
    NAMES, RNG.uniform(0.8, 2.0, K), RNG.normal(0, 1, K), RNG.uniform(0, 0.25, K)
)
# form Y: the same kind of items, 0.4 easier
FORM_Y = ItemParameters.from_difficulty(NAMES, FORM_X.a, FORM_X.b - 0.4, FORM_X.c)


def test_a_form_equated_to_itself_is_the_identity():
    for method in ("true-score", "observed-score"):
        r = equate_irt(FORM_X, FORM_X, method)
        # ranks are compared at 10 decimals, and score 0 has a proportion near 1e-9
        np.testing.assert_allclose(r.equated, np.arange(K + 1), atol=1e-5)


def test_true_score_equivalents_lie_on_both_characteristic_curves():
    r = equate_irt(FORM_X, FORM_Y, "true-score")
    csum = FORM_X.c.sum()
    # find theta on X's TCC by a dense grid, then read Y's TCC there
    grid = np.linspace(-12, 12, 200001)
    tau_x = FORM_X.probability(grid).sum(axis=1)
    for x in range(int(np.ceil(csum + 1e-9)), K):
        theta = grid[np.argmin(np.abs(tau_x - x))]
        assert r.equated[x] == pytest.approx(FORM_Y.probability(theta).sum(), abs=1e-3)
    assert r.equated[K] == K
    # below the guessing level: the line from (0, 0) to (sum c_X, sum c_Y)
    assert r.equated[1] == pytest.approx(FORM_Y.c.sum() / csum, rel=1e-12)


def test_easier_form_y_gives_higher_equivalents():
    for method in ("true-score", "observed-score"):
        e = equate_irt(FORM_X, FORM_Y, method).equated
        assert np.all(e[6:K] > np.arange(6, K))


def test_lord_wingersky_distribution_matches_enumeration():
    small = ItemParameters.from_difficulty(
        ["a", "b", "c", "d", "e"],
        [1.0, 1.5, 0.7, 1.2, 2.0],
        [-1, 0, 0.5, 1, -0.3],
        [0, 0.2, 0, 0.1, 0],
    )
    grid = np.linspace(-6, 6, 121)
    w = np.exp(-0.5 * grid**2)
    w /= w.sum()
    p = small.c + (1 - small.c) * expit(small.a * grid[:, None] + small.d)
    expected = np.zeros(6)
    for pattern in itertools.product((0, 1), repeat=5):
        u = np.array(pattern)
        expected[u.sum()] += (np.prod(np.where(u == 1, p, 1 - p), axis=1) * w).sum()
    np.testing.assert_allclose(irt_score_distribution(small), expected, atol=1e-14)


def test_observed_score_moments_use_the_model_distribution():
    r = equate_irt(FORM_X, FORM_Y, "observed-score")
    assert r.moments["x"]["n"] == pytest.approx(1.0)
    # equipercentile equating of continuous-enough distributions matches Y's mean closely
    assert r.moments["equated"]["mean"] == pytest.approx(r.moments["y"]["mean"], abs=0.05)


def test_negative_slopes_are_a_clear_error():
    bad = ItemParameters(("a", "b"), np.array([1.0, -0.5]), np.zeros(2))
    with pytest.raises(ValueError, match=r"y: IRT equating needs positive slopes \(a > 0\)"):
        equate_irt(FORM_X, bad)


def test_the_verb_reads_parameter_files(tmp_path, capsys):
    px, py = tmp_path / "x.csv", tmp_path / "y.csv"
    for path, form in ((px, FORM_X), (py, FORM_Y)):
        rows = [
            f"{n},{float(a)!r},{float(d)!r},{float(c)!r}"
            for n, a, d, c in zip(NAMES, form.a, form.d, form.c, strict=True)
        ]
        path.write_text("item,a,d,c\n" + "\n".join(rows) + "\n")
    argv = ["--design", "irt", "--method", "true-score", "--x-params", str(px)]
    assert equate_verb.main([*argv, "--y-params", str(py), "--json"], prog="hallmark equate") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["design"] == "irt" and len(doc["table"]) == K + 1
    np.testing.assert_allclose(
        [row["equated"] for row in doc["table"]], equate_irt(FORM_X, FORM_Y).equated, atol=1e-5
    )
    assert equate_verb.main(argv, prog="hallmark equate") == 2
    assert "--design irt needs --y-params" in capsys.readouterr().err
