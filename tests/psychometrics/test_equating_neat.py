"""NEAT equating checked against Kolen & Brennan's common-item example (R equate's KBneat).

Data: data/equating/kbneat_x.csv and kbneat_y.csv (see data/README.md): 36-item forms with a
12-item internal anchor; 1,655 examinees took X, 1,638 took Y.

R cannot run here. Expected values come from three places, named next to each:
- K&B: Kolen & Brennan, Test Equating, Scaling, and Linking (3rd ed. 2014), ch. 4-5 example,
  where the synthetic population is population 1 (w1 = 1);
- vignette: the output printed in R equate 2.0.9's vignette (inst/doc/equate-jss.html);
- Equate.jl: the KBneat assertions of the Julia package Equate.jl (test/NEATdesign.jl),
  which uses equate's default weight w1 = N1 / (N1 + N2), i.e. the R call
  equate(neat.x, neat.y, type = "linear", method = ...) with
  neat.x <- freqtab(KBneat$x, scales = list(0:36, 0:12)) (and neat.y likewise).
"""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.equating import equate_neat, read_score_file, synthetic_distributions

DATA = Path(__file__).parent / "data" / "equating"
X = read_score_file(DATA / "kbneat_x.csv", anchor=True, internal_anchor=True).counts
Y = read_score_file(DATA / "kbneat_y.csv", anchor=True, internal_anchor=True).counts
N1, N2 = X.sum(), Y.sum()


def test_the_data_have_the_published_moments():
    # vignette: summary(neat.x), summary(neat.y): total 15.821 (6.530), anchor 5.106 (2.377);
    # Y total 18.673 (6.881), anchor 5.863 (2.452); sd with divisor N - 1. Tolerance 5e-4.
    r = equate_neat(X, Y, "tucker")
    m = r.moments

    def sd(key):
        return m[key]["sd"] * np.sqrt(m[key]["n"] / (m[key]["n"] - 1))

    assert (N1, N2) == (1655, 1638)
    assert m["x"]["mean"] == pytest.approx(15.821, abs=5e-4) and sd("x") == pytest.approx(
        6.530, abs=5e-4
    )
    assert m["x_anchor"]["mean"] == pytest.approx(5.106, abs=5e-4)
    assert sd("x_anchor") == pytest.approx(2.377, abs=5e-4)
    assert m["y"]["mean"] == pytest.approx(18.673, abs=5e-4) and sd("y") == pytest.approx(
        6.881, abs=5e-4
    )
    assert m["y_anchor"]["mean"] == pytest.approx(5.863, abs=5e-4)
    assert sd("y_anchor") == pytest.approx(2.452, abs=5e-4)


def test_default_synthetic_weight_is_the_share_of_x_examinees():
    # vignette, summary(neat.ef): "Synthetic Weighting for x: 0.5025812". Tolerance 5e-8.
    assert equate_neat(X, Y, "tucker").synthetic_weight == pytest.approx(0.5025812, abs=5e-8)


def test_tucker_with_population_1_as_synthetic_population():
    # K&B ch. 4 illustrative example (w1 = 1): l_Y(x) = 1.0289 x + .5368, equated mean
    # 16.8153 (the mean is also in Equate.jl's comments). Tolerance 5e-5.
    r = equate_neat(X, Y, "tucker", w1=1.0)
    assert r.slope == pytest.approx(1.0289, abs=5e-5)
    assert r.intercept == pytest.approx(0.5368, abs=5e-5)
    assert r.moments["equated"]["mean"] == pytest.approx(16.8153, abs=5e-5)


@pytest.mark.parametrize(
    ("method", "anchor", "slope", "intercept"),
    [
        # Equate.jl, Tucker(neattabX, neattabY)
        ("tucker", "internal", 1.0292, 0.5378),
        # Equate.jl, LevineObservedScore(...; common = :internal) / :external
        ("levine-observed", "internal", 1.0110, 0.2514),
        ("levine-observed", "external", 1.0168, 0.3257),
        # Equate.jl, LevineTrueScore(...; common = :internal) / :external
        ("levine-true", "internal", 1.0086, 0.2912),
        ("levine-true", "external", 1.0165, 0.3310),
        # Equate.jl, ChainedLinear(neattabX, neattabY)
        ("chained-linear", "internal", 1.0213, 0.3937),
        # Equate.jl, BraunHolland(neattabX, neattabY), labelled "R-equate" there
        ("braun-holland", "internal", 1.0067, 0.8976),
    ],
)
def test_linear_methods_with_the_default_weight(method, anchor, slope, intercept):
    # Tolerance 5e-5 (4 decimals as published).
    r = equate_neat(X, Y, method, anchor_type=anchor)
    assert r.slope == pytest.approx(slope, abs=5e-5)
    assert r.intercept == pytest.approx(intercept, abs=5e-5)


def test_braun_holland_with_population_1_as_synthetic_population():
    # K&B ch. 5 example (w1 = 1), moments of the equated scores: mean 16.8329, sd 6.6017,
    # skewness .5799 (quoted in Equate.jl's comments). Tolerance 5e-5.
    m = equate_neat(X, Y, "braun-holland", w1=1.0).moments["equated"]
    assert m["mean"] == pytest.approx(16.8329, abs=5e-5)
    assert m["sd"] == pytest.approx(6.6017, abs=5e-5)
    assert m["skew"] == pytest.approx(0.5799, abs=5e-5)


def test_chained_equipercentile_top_of_the_scale():
    # Equate.jl, ChainedEquipercentile(neattabX, neattabY): scores 34-36 give
    # 34.3125, 35.4125, 36.0938. Tolerance 5e-5.
    r = equate_neat(X, Y, "chained-equipercentile")
    np.testing.assert_allclose(r.equated[-3:], [34.3125, 35.4125, 36.0938], atol=5e-5)
    assert r.slope is None


def _equate_weight(w1):
    """R equate builds the synthetic tables from counts (synthetic.R, pse): its weight w1 acts
    as w1 N1 / (w1 N1 + w2 N2) in Kolen & Brennan's proportions."""
    return w1 * N1 / (w1 * N1 + (1 - w1) * N2)


def test_frequency_estimation_with_loglinear_presmoothing_matches_the_vignette():
    # vignette: neat.ef <- equate(neat.x, neat.y, type = "equip",
    #   method = "frequency estimation", smoothmethod = "log")   # degrees list(4, 2)
    # head(neat.ef$concordance): 0.04288325 1.11109348 2.18987042 3.27622528 4.36895117
    # 5.46596150, and equate(c(3, 29, 8, 7, 13), y = neat.ef): 3.276225 29.814745 8.696398
    # 7.614016 14.125088. Tolerance 1e-5 (the fits converge to slightly different points).
    w = _equate_weight(N1 / (N1 + N2))
    r = equate_neat(X, Y, "frequency-estimation", w1=w, degree=4, interaction=2)
    head = [0.04288325, 1.11109348, 2.18987042, 3.27622528, 4.36895117, 5.46596150]
    np.testing.assert_allclose(r.equated[:6], head, atol=1e-5)
    np.testing.assert_allclose(
        r.convert([3, 29, 8, 7, 13]),
        [3.276225, 29.814745, 8.696398, 7.614016, 14.125088],
        atol=1e-5,
    )
    # summary(neat.ef): yx.obs mean 16.834, sd 6.594 (divisor N - 1). Tolerance 5e-4.
    m = r.moments["equated"]
    assert m["mean"] == pytest.approx(16.834, abs=5e-4)
    assert m["sd"] * np.sqrt(N1 / (N1 - 1)) == pytest.approx(6.594, abs=5e-4)


def test_frequency_estimation_synthetic_moments_match_the_vignette():
    # summary(neat.ef): x.synth mean 16.726 sd 6.761, y.synth mean 17.742 sd 6.805, with
    # n = 1646.544 and divisor n - 1. Tolerance 5e-4.
    from hallmark.psychometrics.equating import smooth_bivariate

    fs, gs = synthetic_distributions(
        smooth_bivariate(X, 4, 2), smooth_bivariate(Y, 4, 2), _equate_weight(N1 / (N1 + N2))
    )
    s = np.arange(37.0)
    n = 1646.544
    for f, mean, sd in ((fs, 16.726, 6.761), (gs, 17.742, 6.805)):
        m = f @ s
        assert m == pytest.approx(mean, abs=5e-4)
        assert np.sqrt((f @ s**2 - m**2) * n / (n - 1)) == pytest.approx(sd, abs=5e-4)


def test_levine_without_covariance_is_a_clear_error():
    flat = X.copy()
    flat[:, :] = 0
    flat[10, 3] = flat[12, 3] = flat[10, 5] = flat[12, 5] = 10  # total and anchor independent
    with pytest.raises(
        ValueError, match=r"population 1 \(form X\): total and anchor scores do not"
    ):
        equate_neat(flat, Y, "levine-observed")


def test_an_anchor_without_variance_is_a_clear_error():
    one = np.zeros_like(X)
    one[10:20, 4] = 5
    with pytest.raises(
        ValueError, match="population 2 \\(form Y\\): anchor scores have no variance"
    ):
        equate_neat(X, one, "tucker")


def test_w1_out_of_range_is_a_clear_error():
    with pytest.raises(ValueError, match=r"w1 must be between 0 and 1, got 1\.5"):
        equate_neat(X, Y, "tucker", w1=1.5)


def test_anchor_scores_in_one_population_only_give_a_named_warning():
    lonely = X.copy()
    lonely[:, 12] = 0  # nobody in population 1 reached anchor score 12
    with pytest.warns(
        DegenerateDataWarning, match="anchor score\\(s\\) 12 occur in one population"
    ):
        r = equate_neat(lonely, Y, "frequency-estimation")
    assert np.all(np.isfinite(r.equated))


def test_bootstrap_standard_errors_for_neat_methods():
    for method in ("tucker", "frequency-estimation", "chained-equipercentile"):
        r = equate_neat(X, Y, method, bootstrap=60, seed=11)
        assert r.se_kind == "bootstrap"
        assert np.all(np.isfinite(r.se)) and np.all(r.se[5:30] > 0)
        assert np.all(r.se[5:30] < 1.5)


def test_a_negative_synthetic_variance_is_a_clear_error_not_nan():
    # population 1: total and anchor barely related; population 2: anchor nearly constant.
    # With w1 = 0 the Levine synthetic variance of X, var1(X) (1 - 1/rho^2) + gamma^2 var2(V),
    # is negative.
    x = np.full((21, 11), 5.0)
    x[np.arange(21), np.arange(21) // 2] += 2
    y = np.zeros((21, 11))
    y[:, 5] = 10
    y[15:, 6] = 2
    with pytest.raises(ValueError, match="levine-observed: a synthetic-population variance is not"):
        equate_neat(x, y, "levine-observed", w1=0.0)


@pytest.mark.parametrize(
    "method", ["tucker", "levine-observed", "levine-true", "chained-linear", "braun-holland"]
)
def test_delta_method_errors_agree_with_the_bootstrap(method):
    analytic = equate_neat(X, Y, method)
    assert analytic.se_kind == "analytic"
    boot = equate_neat(X, Y, method, bootstrap=400, seed=8).se
    ratio = analytic.se / boot
    assert 0.85 < np.median(ratio) < 1.15 and ratio.min() > 0.75


def test_the_delta_method_is_exact_for_a_difference_of_means():
    from hallmark.psychometrics.equating._delta import delta_se

    fx, fy = X.sum(axis=1), Y.sum(axis=1)
    s = np.arange(37.0)

    def mean_equating(a, b):
        shift = (b @ s) / b.sum(axis=-1) - (a @ s) / a.sum(axis=-1)
        return s[None, :] + shift[:, None]

    var = (fx @ s**2 / N1 - (fx @ s / N1) ** 2) / N1 + (fy @ s**2 / N2 - (fy @ s / N2) ** 2) / N2
    np.testing.assert_allclose(delta_se(mean_equating, fx, fy), np.sqrt(var), rtol=1e-6)


def test_nonlinear_methods_without_bootstrap_have_no_standard_errors():
    r = equate_neat(X, Y, "frequency-estimation")
    assert r.se is None and r.se_kind is None
