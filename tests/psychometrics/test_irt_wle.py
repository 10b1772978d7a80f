"""Warm's weighted likelihood estimate, checked against brute-force computations.

No published WLE for these items was at hand, so the expected values are computed here
independently: for the 1PL and 2PL the WLE maximises L(theta) sqrt(I(theta)) (Warm, 1989,
Psychometrika 54, 427-450), found by a dense grid and a bounded scalar search; for the 3PL
the WLE equation S + J / (2 I) = 0 is checked with P'' by finite differences.
"""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from hallmark.psychometrics.irt import ItemParameters, estimate_ability, item_probability

ITEMS = tuple(f"q{j}" for j in range(8))
A = np.array([0.8, 1.2, 1.0, 1.5, 0.7, 1.1, 1.3, 0.9])
B = np.array([-1.5, -0.8, -0.3, 0.0, 0.4, 0.9, 1.3, 1.8])
PATTERNS = np.array(
    [
        [1, 1, 1, 1, 1, 1, 1, 1],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [1, 1, 1, 0, 1, 0, 0, 0],
        [1, 0, 1, 1, np.nan, 1, 0, 1],
        [0, 1, 0, 0, 0, 0, 1, 0],
    ]
)


def _brute_wle(row, p: ItemParameters) -> float:
    obs = ~np.isnan(row)

    def neg(t):
        pr = p.probability(np.array([t]))[0][obs]
        info = p.information(np.array([t]))[0][obs].sum()
        ll = np.sum(row[obs] * np.log(pr) + (1 - row[obs]) * np.log1p(-pr))
        return -(ll + 0.5 * np.log(info))

    grid = np.linspace(-6, 6, 2401)
    start = grid[np.argmin([neg(t) for t in grid])]
    res = minimize_scalar(
        neg, bounds=(start - 0.01, start + 0.01), method="bounded", options={"xatol": 1e-10}
    )
    return float(res.x)


@pytest.mark.parametrize("scale", [1.0, 1.702])
def test_wle_maximises_likelihood_times_root_information_for_the_2pl(scale):
    params = ItemParameters.from_difficulty(ITEMS, A, B, scale=scale)
    est = estimate_ability(PATTERNS, params, "wle", bounds=(-6.0, 6.0))
    expected = [_brute_wle(row, params) for row in PATTERNS]
    np.testing.assert_allclose(est.theta, expected, atol=1e-6)
    # all-right and all-wrong patterns are finite, inside the bounds, unlike the MLE
    assert not est.at_bound.any()
    assert est.theta[0] > est.theta[2] > est.theta[1]
    info = params.information(est.theta)
    obs = ~np.isnan(PATTERNS)
    np.testing.assert_allclose(est.se, 1 / np.sqrt((info * obs).sum(axis=1)), rtol=1e-10)


def test_wle_solves_warms_equation_for_the_3pl():
    c = np.full(8, 0.2)
    params = ItemParameters.from_difficulty(ITEMS, A, B, c)
    rows = PATTERNS[2:]
    est = estimate_ability(rows, params, "wle", bounds=(-6.0, 6.0))
    h = 1e-4
    for row, t in zip(rows, est.theta, strict=True):
        obs = ~np.isnan(row)

        def prob(u, obs=obs):
            return item_probability(u, params.a, params.d, params.c)[obs]

        p = prob(t)
        d1 = (prob(t + h) - prob(t - h)) / (2 * h)
        d2 = (prob(t + h) - 2 * p + prob(t - h)) / h**2
        pq = p * (1 - p)
        score = np.sum((row[obs] - p) * d1 / pq)
        info = np.sum(d1 * d1 / pq)
        warm = np.sum(d1 * d2 / pq)
        assert score + warm / (2 * info) == pytest.approx(0.0, abs=1e-5)


def test_wle_is_pulled_in_from_the_mle():
    # Warm's correction pulls the MLE toward the middle of the test (its bias is outward).
    params = ItemParameters.from_difficulty(ITEMS, A, B)
    rows = PATTERNS[2:]
    wle = estimate_ability(rows, params, "wle").theta
    mle = estimate_ability(rows, params, "mle").theta
    assert np.all(np.abs(wle) <= np.abs(mle) + 1e-9)


def test_wle_of_an_empty_row_is_nan_with_a_warning():
    params = ItemParameters.from_difficulty(ITEMS, A, B)
    from hallmark.psychometrics import DegenerateDataWarning

    with pytest.warns(DegenerateDataWarning, match="WLE is undefined"):
        est = estimate_ability(np.full((1, 8), np.nan), params, "wle")
    assert np.isnan(est.theta[0])


def test_wle_finds_the_root_for_every_simulated_3pl_pattern():
    # At low theta under the 3PL, -I misjudges the slope of Warm's equation; a solver that
    # relies on it bounces around the root. The equation is evaluated independently here.
    rng = np.random.default_rng(3)
    k = 30
    names = tuple(f"i{j}" for j in range(k))
    params = ItemParameters.from_difficulty(
        names, rng.lognormal(0, 0.3, k), rng.normal(0, 1, k), np.full(k, 0.2)
    )
    theta = rng.normal(size=5000)
    x = (rng.random((5000, k)) < params.probability(theta)).astype(float)
    est = estimate_ability(x, params, "wle", bounds=(-6.0, 6.0))
    t = est.theta[~est.at_bound]
    rows = x[~est.at_bound]
    h = 1e-4

    def prob(u):
        return item_probability(u, params.a, params.d, params.c)

    p = prob(t)
    d1 = (prob(t + h) - prob(t - h)) / (2 * h)
    d2 = (prob(t + h) - 2 * p + prob(t - h)) / h**2
    pq = p * (1 - p)
    score = np.sum((rows - p) * d1 / pq, axis=1)
    info = np.sum(d1 * d1 / pq, axis=1)
    warm = np.sum(d1 * d2 / pq, axis=1)
    assert np.abs(score + warm / (2 * info)).max() < 1e-5
