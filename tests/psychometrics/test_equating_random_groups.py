"""Random-groups equating checked against Kolen & Brennan's ACT Mathematics example.

R cannot run here: the R calls below are the ones that produce each value (equate's equip()
and lin() implement the same equations, read in its sources), quoted, not run.

Data: K&B (2014) Table 2.5, as R equate's `ACTmath` (equate 2.0.9, data/ACTmath.rda), shipped
as data/equating/actmath_x.csv and actmath_y.csv (see data/README.md).
"""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.equating import equate_random_groups, read_score_file

DATA = Path(__file__).parent / "data" / "equating"
X = read_score_file(DATA / "actmath_x.csv").counts
Y = read_score_file(DATA / "actmath_y.csv").counts

# K&B (2014) Table 2.7, equipercentile equivalents of form X scores 1..40 on form Y; R:
#   library(equate); act.x <- as.freqtab(ACTmath[, 1:2]); act.y <- as.freqtab(ACTmath[, c(1, 3)])
#   equate(act.x, act.y, type = "equipercentile")$concordance$yx[2:41]
# Tolerance 5e-5 (the table's 4 decimals).
KB_TABLE_2_7 = [
    0.9796,
    1.6462,
    2.2856,
    2.8932,
    3.6205,
    4.4997,
    5.5148,
    6.3124,
    7.2242,
    8.1607,
    9.1827,
    10.1859,
    11.2513,
    12.3896,
    13.3929,
    14.5240,
    15.7169,
    16.8234,
    18.0092,
    19.1647,
    20.3676,
    21.4556,
    22.6871,
    23.9157,
    25.0292,
    26.1612,
    27.2633,
    28.1801,
    29.1424,
    30.1305,
    31.1297,
    32.1357,
    33.0781,
    34.0172,
    35.1016,
    36.2426,
    37.1248,
    38.1321,
    39.0807,
    39.9006,
]


def test_it_reproduces_the_published_moments():
    # K&B (2014) Table 2.5: X mean 19.8524 sd 8.2116, Y mean 18.9798 sd 8.9393 (sd with
    # divisor N); R summary(act.x) prints sd 8.212585 with divisor N - 1. Tolerance 5e-5.
    r = equate_random_groups(X, Y, "mean")
    assert r.moments["x"]["mean"] == pytest.approx(19.8524, abs=5e-5)
    assert r.moments["x"]["sd"] == pytest.approx(8.2116, abs=5e-5)
    assert r.moments["y"]["mean"] == pytest.approx(18.9798, abs=5e-5)
    assert r.moments["y"]["sd"] == pytest.approx(8.9393, abs=5e-5)
    n = r.moments["x"]["n"]
    assert r.moments["x"]["sd"] * np.sqrt(n / (n - 1)) == pytest.approx(8.212585, abs=5e-7)


def test_it_matches_mean_equating_of_equate():
    # equate(act.x, act.y, type = "mean"): intercept -0.8726, slope 1 (equate vignette,
    # section 5.4). Tolerance 5e-5.
    r = equate_random_groups(X, Y, "mean")
    assert r.slope == 1.0
    assert r.intercept == pytest.approx(-0.8726, abs=5e-5)
    assert r.moments["equated"]["mean"] == pytest.approx(18.9798, abs=5e-5)


def test_it_matches_linear_equating_of_the_book():
    # K&B (2014) ch. 2, linear equating of the ACT example: l_Y(x) = 1.0886 x - 2.6319; R:
    # equate(act.x, act.y, type = "linear")$coef. Tolerance 5e-5.
    r = equate_random_groups(X, Y, "linear")
    assert r.slope == pytest.approx(1.0886, abs=5e-5)
    assert r.intercept == pytest.approx(-2.6319, abs=5e-5)
    assert r.equated[20] == pytest.approx(1.0886161 * 20 - 2.6318643, abs=1e-6)


def test_it_matches_table_2_7_equipercentile():
    r = equate_random_groups(X, Y, "equipercentile")
    assert r.slope is None and r.intercept is None
    np.testing.assert_allclose(r.equated[1:], KB_TABLE_2_7, atol=5e-5)


def test_it_gives_score_zero_of_nobody_the_bottom_of_the_y_scale():
    # Nobody scored 0 on X: its percentile rank is 0 and K&B eq. 2.18 maps it to -0.5.
    assert equate_random_groups(X, Y, "equipercentile").equated[0] == -0.5


def test_it_gives_analytic_standard_errors():
    r = equate_random_groups(X, Y, "linear")
    assert r.se_kind == "analytic"
    # normal-theory formula: smallest at the X mean, growing away from it
    assert np.argmin(r.se) == round(r.moments["x"]["mean"])
    mean_se = equate_random_groups(X, Y, "mean").se
    expected = np.sqrt(8.2116**2 / X.sum() + 8.9393**2 / Y.sum())
    np.testing.assert_allclose(mean_se, expected, rtol=1e-4)


def test_bootstrap_agrees_with_the_analytic_equipercentile_errors():
    analytic = equate_random_groups(X, Y, "equipercentile").se
    boot = equate_random_groups(X, Y, "equipercentile", bootstrap=400, seed=7).se
    middle = slice(5, 36)
    ratio = boot[middle] / analytic[middle]
    assert 0.8 < np.median(ratio) < 1.2


def test_bootstrap_is_reproducible_with_a_seed():
    a = equate_random_groups(X, Y, "linear", bootstrap=50, seed=3).se
    b = equate_random_groups(X, Y, "linear", bootstrap=50, seed=3).se
    c = equate_random_groups(X, Y, "linear", bootstrap=50, seed=4).se
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_one_score_only_is_a_clear_error():
    single = np.zeros(11)
    single[5] = 30
    with pytest.raises(ValueError, match="x: scores have no variance"):
        equate_random_groups(single, Y[:11], "linear")


def test_an_unknown_method_is_a_clear_error():
    with pytest.raises(ValueError, match="method must be one of mean, linear, equipercentile"):
        equate_random_groups(X, Y, "tucker")


def test_degenerate_bootstrap_resamples_are_dropped_with_a_named_warning():
    from hallmark.psychometrics import DegenerateDataWarning

    two = np.array([0.0, 0, 1, 0, 1])  # two examinees: half the resamples have one score
    with pytest.warns(DegenerateDataWarning, match=r"replication\(s\) had degenerate data"):
        r = equate_random_groups(two, Y[:5], "linear", bootstrap=40, seed=1)
    assert np.all(np.isfinite(r.se))
