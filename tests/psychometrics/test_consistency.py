"""Decision consistency and accuracy: the true-score beta fits, the models, and simulations."""

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from hallmark.psychometrics.consistency import (
    _beta,
    _beta_binomial,
    fit_true_scores,
    hanson_brennan,
    kr21,
    livingston_lewis,
    rudner,
    subkoviak,
    true_score_moments,
)
from hallmark.psychometrics.consistency._beta_binomial import binomial_categories
from hallmark.psychometrics.consistency._indices import indices
from hallmark.psychometrics.equating import read_score_file

N_ITEMS = 40


def _moments(dist):
    mean, var, skew, excess = (float(v) for v in dist.stats("mvsk"))
    return [mean, var, skew, excess + 3]


@pytest.mark.parametrize(
    ("a", "b", "lower", "upper"), [(2, 5, 0.1, 0.9), (0.8, 3, 0.05, 0.95), (6, 2, 0.2, 1.0)]
)
def test_four_parameter_fit_recovers_a_beta_from_its_moments(a, b, lower, upper):
    fit = fit_true_scores(_moments(stats.beta(a, b, loc=lower, scale=upper - lower)))
    assert fit.fit == "four-parameter"
    assert [fit.alpha, fit.beta, fit.lower, fit.upper] == pytest.approx(
        [a, b, lower, upper], abs=1e-8
    )


def test_three_parameter_fits_recover_a_beta_with_a_bound_at_0_or_1():
    dist = stats.beta(0.7, 2, loc=0, scale=0.8)
    mean, var, skew, _ = _moments(dist)
    fit = _beta._three(mean, var, skew, _beta.THREE_LOWER)
    assert [fit.alpha, fit.beta, fit.lower, fit.upper] == pytest.approx([0.7, 2, 0, 0.8], abs=1e-8)
    mirrored = _beta._three(1 - mean, var, -skew, _beta.THREE_UPPER)
    assert [mirrored.alpha, mirrored.beta, mirrored.lower, mirrored.upper] == pytest.approx(
        [2, 0.7, 0.2, 1.0], abs=1e-8
    )


@pytest.mark.parametrize(
    ("moments", "fit"),
    [
        ([0.2, 0.02, -0.5, 2.0], "three-parameter, lower bound fixed at 0"),
        ([0.3, 0.04, 1.8, 4.0], "three-parameter, upper bound fixed at 1"),
        ([0.15, 0.01, -1.0, 3.5], "two-parameter"),
    ],
)
def test_fallback_order_four_then_three_then_two(moments, fit):
    result = fit_true_scores(moments)
    assert result.fit == fit
    assert 0 <= result.lower < result.upper <= 1
    # the mean and variance are always met
    dist = stats.beta(
        result.alpha, result.beta, loc=result.lower, scale=result.upper - result.lower
    )
    assert [float(dist.mean()), float(dist.var())] == pytest.approx(moments[:2], rel=1e-8)


def test_true_score_moments_undo_binomial_error():
    true = stats.beta(3, 2)
    pmf = stats.betabinom.pmf(np.arange(N_ITEMS + 1), N_ITEMS, 3, 2)
    moments = true_score_moments(np.arange(N_ITEMS + 1.0), pmf, N_ITEMS)
    assert moments == pytest.approx(_moments(true), abs=1e-9)


# A 40-item test whose true scores are a mixture the beta family cannot follow: most examinees
# near the top, a tail below (observed skewness -1.6).
SKEWED = [(0.85, 12, 2), (0.15, 3, 4)]


def _mixture_pmf(mixture, nodes=20000):
    q = (np.arange(nodes) + 0.5) / nodes
    pmf = 0
    for weight, a, b in mixture:
        tau = stats.beta(a, b).ppf(q)
        pmf = pmf + weight * stats.binom.pmf(
            np.arange(N_ITEMS + 1)[None, :], N_ITEMS, tau[:, None]
        ).mean(0)
    return pmf


def _mixture_truth(mixture, cut, nodes=20000):
    q = (np.arange(nodes) + 0.5) / nodes
    tau = np.concatenate([stats.beta(a, b).ppf(q) for _, a, b in mixture])
    w = np.concatenate([np.full(nodes, weight / nodes) for weight, _, _ in mixture])
    observed = binomial_categories(tau, N_ITEMS, [cut])
    return indices(w, observed, (tau >= cut / N_ITEMS).astype(np.intp))


def test_on_a_skewed_test_the_three_moment_fit_beats_the_two_moment_fit(monkeypatch):
    counts = np.round(_mixture_pmf(SKEWED) * 5000)
    cut = 24
    truth = _mixture_truth(SKEWED, cut)
    three = hanson_brennan(counts, N_ITEMS, [cut])
    assert three.true_score.fit == "three-parameter, lower bound fixed at 0"
    monkeypatch.setattr(_beta_binomial, "fit_true_scores", lambda m: _beta._two(m[0], m[1]))
    two = hanson_brennan(counts, N_ITEMS, [cut])
    # the two-parameter fit misstates consistency by about 0.03 and kappa by about 0.1
    assert truth.consistency - two.consistency == pytest.approx(0.03, abs=0.005)
    assert truth.kappa - two.kappa == pytest.approx(0.1, abs=0.01)
    assert abs(three.consistency - truth.consistency) < abs(two.consistency - truth.consistency)
    assert abs(three.kappa - truth.kappa) < abs(two.kappa - truth.kappa)
    assert abs(three.accuracy - truth.accuracy) < abs(two.accuracy - truth.accuracy)


def _simulate(seed, n=40000, a=5, b=3, lower=0.05, upper=0.95):
    rng = np.random.default_rng(seed)
    tau = lower + (upper - lower) * rng.beta(a, b, n)
    return tau, rng.binomial(N_ITEMS, tau), rng.binomial(N_ITEMS, tau)


@pytest.mark.parametrize("cuts", [[28], [20, 28]])
def test_hanson_brennan_against_a_simulation_with_known_true_scores(cuts):
    tau, x, parallel = _simulate(20261206)
    result = hanson_brennan(np.bincount(x, minlength=N_ITEMS + 1), N_ITEMS, cuts)
    true_cat = np.searchsorted(np.array(cuts) / N_ITEMS, tau, side="right")
    observed = np.searchsorted(cuts, x, side="right")
    again = np.searchsorted(cuts, parallel, side="right")
    assert result.accuracy == pytest.approx(np.mean(observed == true_cat), abs=0.01)
    assert result.consistency == pytest.approx(np.mean(observed == again), abs=0.01)
    assert result.false_positive == pytest.approx(np.mean(observed > true_cat), abs=0.01)
    assert result.false_negative == pytest.approx(np.mean(observed < true_cat), abs=0.01)
    assert result.accuracy + result.false_positive + result.false_negative == pytest.approx(1)


def test_livingston_lewis_with_kr21_is_hanson_brennan():
    # KR-21 is the reliability of a binomial-error score, so the effective length is n itself
    _, x, _ = _simulate(7)
    counts = np.bincount(x, minlength=N_ITEMS + 1)
    ll = livingston_lewis(counts, N_ITEMS, [26])
    hb = hanson_brennan(counts, N_ITEMS, [26])
    assert ll.effective_length == N_ITEMS and ll.reliability_source == "kr21"
    assert ll.consistency == pytest.approx(hb.consistency, abs=1e-9)
    assert ll.reliability == pytest.approx(kr21(counts.astype(float), N_ITEMS))


def test_livingston_lewis_against_a_simulation_of_a_shorter_effective_test():
    # 20 binomial items reported on a 0-40 scale: the effective length is 20, not 40.
    rng = np.random.default_rng(11)
    tau = rng.beta(4, 3, 40000)
    x, parallel = (2 * rng.binomial(20, tau) for _ in range(2))
    counts = np.bincount(x, minlength=N_ITEMS + 1)
    # reliability = var(true score) / var(observed), the true score being 40 tau
    true_var = N_ITEMS**2 * stats.beta(4, 3).var()
    result = livingston_lewis(counts, N_ITEMS, [24], reliability=true_var / np.var(x))
    assert result.effective_length == pytest.approx(20, abs=1)
    assert result.accuracy == pytest.approx(np.mean((x >= 24) == (tau >= 0.6)), abs=0.01)
    assert result.consistency == pytest.approx(np.mean((x >= 24) == (parallel >= 24)), abs=0.01)


def test_subkoviak_against_a_simulation_of_parallel_forms():
    _, x, parallel = _simulate(5, n=20000)
    counts = np.bincount(x, minlength=N_ITEMS + 1)
    r = 0.83  # about KR-20 of such scores; Subkoviak's estimate is close, not exact
    result = subkoviak(counts, N_ITEMS, [26], r)
    assert np.isnan(result.accuracy) and result.reliability == r
    assert result.consistency == pytest.approx(np.mean((x >= 26) == (parallel >= 26)), abs=0.02)


def test_rudner_against_a_simulation():
    # Rudner takes the true ability to be N(estimate, se^2): exact under a flat prior, so the
    # simulated population is wide next to the error.
    rng = np.random.default_rng(3)
    true = 4 * rng.standard_normal(100000)
    se = np.full(true.shape, 0.5)
    estimate = true + se * rng.standard_normal(true.shape)
    result = rudner(estimate, se, [0.5, 2.0])
    category, est_category = np.digitize(true, [0.5, 2.0]), np.digitize(estimate, [0.5, 2.0])
    assert result.accuracy == pytest.approx(np.mean(category == est_category), abs=0.005)
    assert result.false_positive == pytest.approx(np.mean(est_category > category), abs=0.005)
    assert result.false_negative == pytest.approx(np.mean(est_category < category), abs=0.005)
    parallel = np.digitize(true + se * rng.standard_normal(true.shape), [0.5, 2.0])
    # two draws of the true ability around one estimate: as good as a parallel form's
    assert result.consistency == pytest.approx(np.mean(parallel == est_category), abs=0.01)


def test_kappa_is_consistency_corrected_for_chance():
    _, x, _ = _simulate(9, n=5000)
    result = hanson_brennan(np.bincount(x, minlength=N_ITEMS + 1), N_ITEMS, [24, 30])
    expected = (result.consistency - result.chance) / (1 - result.chance)
    assert result.kappa == pytest.approx(expected)
    assert len(result.by_cut) == 2 and result.by_cut[0].consistency > result.consistency


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: hanson_brennan(c, 40, [0]), r"cuts must lie in \(0, 40\]"),
        (lambda c: hanson_brennan(c, 40, [20, 20]), "cuts must differ"),
        (lambda c: livingston_lewis(c, 40, [20], reliability=1.2), "reliability must lie"),
        (lambda c: hanson_brennan(c[:10] * 0, 40, [20]), "not all zero"),
    ],
)
def test_bad_input_is_refused(call, message):
    _, x, _ = _simulate(1, n=500)
    with pytest.raises(ValueError, match=message):
        call(np.bincount(x, minlength=N_ITEMS + 1).astype(float))


# BB-CLASS's example data act288m (151,050 examinees, 40 items; data/README.md). Expected
# figures: the output of BBClassify 1.0.0 (Haakstad, 2025, an independent program of the
# BB-CLASS methods) on it, printed to 5 decimals: abs tolerance 1e-4.
ACT288M = Path(__file__).parent / "data" / "consistency" / "act288m.csv"


def _act288m():
    return read_score_file(ACT288M, max_score=40).counts


def test_hanson_brennan_matches_bbclassify_on_act288m():
    # BBClassify input "HB 0. 4 / act288m f 2 2 / 2 24. 1 3": two categories, cut 24
    result = hanson_brennan(_act288m(), 40, [24])
    fit = result.true_score
    assert fit.fit == "three-parameter, upper bound fixed at 1"
    assert [fit.alpha, fit.beta, fit.lower, fit.upper] == pytest.approx(
        [0.52378, 1.62569, 0.22317, 1.0], abs=1e-5
    )
    assert result.reliability == pytest.approx(0.87217, abs=1e-5)
    assert result.accuracy == pytest.approx(0.94427, abs=1e-4)
    assert result.consistency == pytest.approx(0.92203, abs=1e-4)
    assert result.chance == pytest.approx(0.68030, abs=1e-4)
    assert result.kappa == pytest.approx(0.75612, abs=1e-4)
    # Its confusion matrix has observed categories in the rows (their margins 0.80026 and
    # 0.19974 are the model's observed proportions) and true ones in the columns (0.82042 =
    # P(true < 0.6)): observed pass and true fail 0.03795, observed fail and true pass 0.01778.
    assert result.false_positive == pytest.approx(0.03795, abs=1e-4)
    assert result.false_negative == pytest.approx(0.01778, abs=1e-4)
    assert result.true_score.cdf(np.array([0.6]))[0] == pytest.approx(0.82042, abs=1e-4)


def test_livingston_lewis_matches_bbclassify_on_act288m():
    # BBClassify input "LL 0.873 4 / act288m f 1 2 40 0 / 3 23 25 0.55 0.6". Its printed
    # model figures are those of scores passing at >= 22 and >= 24 (one below the cuts its
    # input names, while its observed proportions use 23 and 25); hallmark passes at >= the
    # cut, so the check names 22 and 24 with BBClassify's true cuts 0.55 and 0.6.
    result = livingston_lewis(_act288m(), 40, [22, 24], 0.873, true_cuts=[0.55, 0.6])
    fit = result.true_score
    assert result.effective_length == 40
    assert fit.fit == "three-parameter, upper bound fixed at 1"
    assert [fit.alpha, fit.beta, fit.lower] == pytest.approx([0.52378, 1.62569, 0.22317], abs=1e-5)
    assert result.accuracy == pytest.approx(0.90409, abs=1e-4)
    assert result.consistency == pytest.approx(0.87610, abs=1e-4)
    assert result.chance == pytest.approx(0.60843, abs=1e-4)
    assert result.kappa == pytest.approx(0.68358, abs=1e-4)


def test_an_effective_length_too_short_for_the_fit_is_refused_not_divided_by() -> None:
    # scores 0 and 5 only: mean 2.5, variance 6.25; reliability .5 gives an effective length 1
    with pytest.raises(ValueError, match="effective test length is 1"):
        livingston_lewis([1, 0, 0, 0, 0, 1], 5, [3], 0.5)
