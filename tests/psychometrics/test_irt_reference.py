"""IRT results checked against published reference values (R mirt, STUIRT via jMetrik)."""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.irt import (
    ItemParameters,
    ItemPriors,
    calibrate,
    estimate_ability,
    item_fit,
    link,
    sum_score_table,
)

# LSAT7 (Bock & Lieberman 1970): 5 items, 1,000 examinees, in pattern-frequency form, patterns
# 00000 ... 11111 with item 1 the leftmost digit, as R mirt's `LSAT7` data set
# (philchalmers/mirt data/LSAT7.rda; `expand.table(LSAT7)` expands it row by row in this order).
LSAT7 = Path(__file__).parent / "data" / "lsat7.csv"
_table = np.loadtxt(LSAT7, delimiter=",", skiprows=1, usecols=range(1, 7))
PATTERNS = _table[:, :5]
COUNTS = _table[:, 5]
ITEMS = ("Item.1", "Item.2", "Item.3", "Item.4", "Item.5")


def expanded() -> np.ndarray:
    """One row per examinee, in mirt's expand.table order."""
    return np.repeat(PATTERNS, COUNTS.astype(int), axis=0)


@pytest.fixture(scope="module")
def fit_2pl():
    return calibrate(PATTERNS, "2pl", items=ITEMS, weights=COUNTS, tol=1e-6)


def test_lsat7_score_distribution_matches_mirt_data():
    # mirt tests/testthat/test-01-mirtOne.R, fscores(modm1, method='EAPsum') 'observed' column.
    raw = PATTERNS.sum(axis=1)
    counts = np.bincount(raw.astype(int), weights=COUNTS)
    assert counts.tolist() == [12, 40, 114, 205, 321, 308]


def test_2pl_matches_mirt(fit_2pl):
    # philchalmers/mirt tests/testthat/test-01-mirtOne.R:
    #   mod1 <- mirt(expand.table(LSAT7), 1); coef(mod1)   (expected at tolerance 1e-2 there)
    a = [0.9879, 1.0809, 1.7058, 0.7652, 0.7358]
    d = [1.8561, 0.808, 1.8042, 0.486, 1.8545]
    got = fit_2pl.parameters
    np.testing.assert_allclose(got.a, a, atol=0.01)
    np.testing.assert_allclose(got.d, d, atol=0.01)


def test_2pl_loglik_matches_mirt(fit_2pl):
    # mirt(expand.table(LSAT7), 1) iteration log: "Log-Lik: -2658.805" (printed by mirt in the
    # README of masurp/ggmirt); mirt's df for this model is 21 = 31 - 10 parameters.
    assert fit_2pl.loglik == pytest.approx(-2658.805, abs=1e-3)
    assert fit_2pl.n_parameters == 10
    assert fit_2pl.aic == pytest.approx(2 * 2658.805 + 20, abs=2e-3)


def test_2pl_standard_errors_match_mirt_observed_information(fit_2pl):
    # test-01-mirtOne.R: mirt(data, 1, SE = TRUE, SE.type = 'Richardson') (numerical observed
    # Hessian) gives 95% intervals; SE = (upper - lower) / (2 * 1.959964).
    ci_a = [(0.6406, 1.3354), (0.7501, 1.4119), (1.0779, 2.334), (0.5022, 1.028), (0.4395, 1.032)]
    ci_d = [(1.5984, 2.1138), (0.6291, 0.9869), (1.4036, 2.205), (0.3392, 0.6328), (1.6302, 2.0787)]
    se_a = [(hi - lo) / (2 * 1.959964) for lo, hi in ci_a]
    se_d = [(hi - lo) / (2 * 1.959964) for lo, hi in ci_d]
    np.testing.assert_allclose([i.se_a for i in fit_2pl.items], se_a, atol=2e-3)
    np.testing.assert_allclose([i.se_d for i in fit_2pl.items], se_d, atol=2e-3)


def test_rasch_matches_mirt():
    # philchalmers/mirt tests/testthat/test-15-IRTpars.R:
    #   mod2 <- mirt(dat, 1, 'Rasch'); coef(mod2, simplify=TRUE)$items[,'d']  (tolerance 1e-4)
    #   mod3 <- mirt(dat, 1, 'Rasch', SE=TRUE); coef(mod3, printSE=TRUE)[[1]][,'d'] -> 0.100416
    d = [1.8680155, 0.7908857, 1.4607798, 0.5214175, 1.9927099]
    fit = calibrate(PATTERNS, "rasch", items=ITEMS, weights=COUNTS, tol=1e-6)
    np.testing.assert_allclose(fit.parameters.d, d, atol=1e-3)
    np.testing.assert_allclose(fit.parameters.b, -np.array(d), atol=1e-3)
    assert np.all(fit.parameters.a == 1.0)
    assert fit.items[0].se_d == pytest.approx(0.100416, abs=2e-4)
    assert fit.n_parameters == 6  # mirt's df 25 = 31 - 6


def test_1pl_matches_mirt_constrained_slopes():
    # test-01-mirtOne.R: mirt(data, 'F = 1-5\n CONSTRAIN = (1-5, a1)') -> a = 1.011 for every item,
    # d = 1.868, 0.791, 1.461, 0.521, 1.993 (tolerance 1e-2 there).
    fit = calibrate(PATTERNS, "1pl", items=ITEMS, weights=COUNTS, tol=1e-6)
    np.testing.assert_allclose(fit.parameters.a, 1.011, atol=1e-3)
    np.testing.assert_allclose(fit.parameters.d, [1.868, 0.791, 1.461, 0.521, 1.993], atol=1e-3)


def test_rasch_latent_sd_equals_1pl_slope():
    rasch = calibrate(PATTERNS, "rasch", weights=COUNTS, tol=1e-7)
    onepl = calibrate(PATTERNS, "1pl", weights=COUNTS, tol=1e-7)
    assert rasch.latent_sd == pytest.approx(onepl.parameters.a[0], abs=1e-5)
    assert rasch.loglik == pytest.approx(onepl.loglik, abs=1e-6)


def test_3pl_without_prior_near_mirt():
    # test-15-IRTpars.R: mod0 <- mirt(dat, 1, '3PL'); coef(mod0, simplify=TRUE)$items[,'d'] and
    # coef(mod0, IRTpars=TRUE)$items[,'b']. The 3PL likelihood of LSAT7 is flat in item 2's
    # asymptote (mirt: g = 0.295), so d and b are compared at 0.02.
    d = [1.86562047, 0.09404091, 1.78051762, 0.48189021, 1.86845282]
    b = [-1.85291884, -0.04877029, -1.06840017, -0.65462572, -2.43551721]
    fit = calibrate(PATTERNS, "3pl", weights=COUNTS, prior=ItemPriors(), tol=1e-6)
    np.testing.assert_allclose(fit.parameters.d, d, atol=0.02)
    np.testing.assert_allclose(fit.parameters.b, b, atol=0.02)
    assert fit.items[1].c == pytest.approx(0.2950545, abs=0.01)


def test_eap_sum_scores_match_mirt(fit_2pl):
    # test-01-mirtOne.R: fscores(modm1, method = 'EAPsum', full.scores = FALSE):
    # theta, SE and expected counts per raw score 0..5 (tolerance 1e-2 there).
    theta = [-1.86979, -1.431861, -0.9488463, -0.4131963, 0.1517289, 0.7271877]
    se = [0.6927032, 0.6838697, 0.6942298, 0.7210951, 0.758772, 0.8009335]
    expected = [10.08994, 44.65882, 109.773, 207.7391, 319.1854, 308.5536]
    table = sum_score_table(fit_2pl.parameters)
    np.testing.assert_allclose(table.theta, theta, atol=2e-3)
    np.testing.assert_allclose(table.se, se, atol=2e-3)
    np.testing.assert_allclose(table.proportion * 1000, expected, atol=0.2)


def test_map_matches_mirt(fit_2pl):
    # test-01-mirtOne.R: fscores(modm2, method = 'MAP', full.scores = FALSE)[1:6] for the
    # patterns 00000, 00001, 00010, 00011, 00100, 00101 (tolerance 1e-2 there).
    expected = [-1.8165552, -1.4946906, -1.4822982, -1.1789899, -1.0958928, -0.7951026]
    got = estimate_ability(PATTERNS[:6], fit_2pl.parameters, "map")
    np.testing.assert_allclose(got.theta, expected, atol=3e-3)


def test_mle_matches_mirt_for_1pl():
    # test-01-mirtOne.R: fscores(modm4, method = 'ML', full.scores = TRUE) rows 13, 34, 40 of
    # expand.table(LSAT7) give -2.783489, -1.750890, -2.783489; rows 1 and 1000 (all wrong,
    # all right) are -Inf/Inf in mirt and held at the bounds here. modm4's parameters:
    params = ItemParameters(ITEMS, np.full(5, 1.011), np.array([1.868, 0.791, 1.461, 0.521, 1.993]))
    rows = expanded()
    got = estimate_ability(rows[[12, 33, 39, 0, 999]], params, "mle")
    np.testing.assert_allclose(got.theta[:3], [-2.783489, -1.750890, -2.783489], atol=2e-3)
    assert got.theta[3] == -4.0 and got.theta[4] == 4.0
    assert got.at_bound.tolist() == [False, False, False, True, True]


def test_s_x2_matches_mirt(fit_2pl):
    # test-01-mirtOne.R: itemfit(modm1)$S_X2 and $df.S_X2 (tolerance 1e-2 there).
    fit = item_fit(PATTERNS, fit_2pl.parameters, weights=COUNTS, n_estimated=2)
    np.testing.assert_allclose(
        fit.sx2, [4.749440, 14.451071, 1.270381, 5.237400, 0.941125], atol=0.01
    )
    assert fit.sx2_df.tolist() == [2, 2, 2, 2, 2]


def test_mean_sigma_matches_stuirt_example():
    # meyerjp3/psychometrics src/test/java/.../irt/equating/MeanSigmaMethodTest.java,
    # meanSigmaTest3PL (Kolen's STUIRT example item parameters): A = 1.1761, B = -0.5042 (1e-4).
    a_x = [0.455118, 0.583871, 0.754398, 0.663274, 1.068977, 0.967194, 0.347868, 1.457918,
           0.701952, 1.407967, 1.299285]  # fmt: skip
    b_x = [-0.710086, -0.856669, 0.021221, 0.050618, 0.961047, 0.194976, 2.276794, 1.024128,
           2.240131, 1.555634, 2.158933]  # fmt: skip
    c_x = [0.208748, 0.203834, 0.159961, 0.123961, 0.298628, 0.053538, 0.148927, 0.24527,
           0.08529, 0.078897, 0.10753]  # fmt: skip
    a_y = [0.441595, 0.572995, 0.598719, 0.604125, 0.990164, 0.808079, 0.413973, 1.355437,
           0.633562, 1.134661, 0.925521]  # fmt: skip
    b_y = [-1.334933, -1.321004, -0.709831, -0.353942, 0.531956, -0.115649, 2.553812, 0.581109,
           1.896027, 1.079013, 2.133706]  # fmt: skip
    c_y = [0.155883, 0.191298, 0.117663, 0.081759, 0.302443, 0.064791, 0.240967, 0.224322,
           0.079396, 0.063009, 0.125873]  # fmt: skip
    names = [f"V{i}" for i in range(11)]
    new = ItemParameters.from_difficulty(names, a_x, b_x, c_x)
    base = ItemParameters.from_difficulty(names, a_y, b_y, c_y)
    result = link(new, base, "mean-sigma")
    assert result.slope == pytest.approx(1.1761, abs=1e-4)
    assert result.intercept == pytest.approx(-0.5042, abs=1e-4)
    sl = link(new, base, "stocking-lord")
    ms_loss = link(new, base, "stocking-lord", theta=None)
    assert sl.converged and ms_loss.criterion <= 1e-2


def test_rasch_lsat6_matches_mirt():
    # philchalmers/mirt tests/testthat/test-01-mirtOne.R:
    #   modm3 <- mirt(expand.table(LSAT6), 1, itemtype = 'Rasch', SE = TRUE, SE.type = 'SEM')
    #   coef: d = 2.73, 0.999, 0.24, 1.306, 2.099 and latent variance 0.57 (tolerance 1e-2 there).
    # lsat6.csv: see tests/psychometrics/data/README.md.
    table = np.loadtxt(LSAT7.parent / "lsat6.csv", delimiter=",", skiprows=1, usecols=range(1, 7))
    fit = calibrate(table[:, :5], "rasch", weights=table[:, 5], tol=1e-6)
    np.testing.assert_allclose(fit.parameters.d, [2.73, 0.999, 0.24, 1.306, 2.099], atol=5e-3)
    assert fit.latent_sd**2 == pytest.approx(0.57, abs=5e-3)
