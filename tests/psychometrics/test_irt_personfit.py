"""Person fit lz (Drasgow, Levine & Williams, 1985), checked by exact enumeration.

No published lz for these items was at hand. The independent check: at a fixed theta, the
mean and variance of l0 over all 2^k response patterns, each weighted by its model
probability, must equal the closed forms E and V that lz standardizes with.
"""

import itertools

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.irt import ItemParameters, estimate_ability, person_fit

ITEMS = tuple(f"q{j}" for j in range(8))
A = np.array([0.8, 1.2, 1.0, 1.5, 0.7, 1.1, 1.3, 0.9])
B = np.array([-1.5, -0.8, -0.3, 0.0, 0.4, 0.9, 1.3, 1.8])


@pytest.mark.parametrize("c", [0.0, 0.2])
@pytest.mark.parametrize("theta", [-1.2, 0.0, 0.7])
def test_mean_and_variance_of_l0_by_enumerating_every_pattern(c, theta):
    params = ItemParameters.from_difficulty(ITEMS, A, B, np.full(8, c))
    patterns = np.array(list(itertools.product([0.0, 1.0], repeat=8)))
    fit = person_fit(patterns, params, np.full(len(patterns), theta))
    p = params.probability(np.array([theta]))[0]
    weight = np.prod(np.where(patterns == 1, p, 1 - p), axis=1)
    mean = weight @ fit.loglik
    var = weight @ (fit.loglik - mean) ** 2
    np.testing.assert_allclose(fit.expected, mean, rtol=1e-10)
    np.testing.assert_allclose(fit.variance, var, rtol=1e-10)
    np.testing.assert_allclose(fit.lz, (fit.loglik - mean) / np.sqrt(var), rtol=1e-9)
    assert weight @ fit.lz == pytest.approx(0.0, abs=1e-10)


def test_a_reversed_guttman_pattern_misfits_and_a_guttman_pattern_fits():
    params = ItemParameters.from_difficulty(ITEMS, A, B)
    rows = np.array([[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]], dtype=float)
    theta = estimate_ability(rows, params, "wle").theta
    fit = person_fit(rows, params, theta)
    assert fit.lz[0] > 0 > -1.645 > fit.lz[1]


def test_unanswered_items_are_left_out():
    params = ItemParameters.from_difficulty(ITEMS, A, B)
    row = np.array([[1, np.nan, 1, 0, np.nan, 1, 0, 0]])
    part = params.select([n for n, v in zip(ITEMS, row[0], strict=True) if v == v])
    full = person_fit(row, params, [0.3])
    kept = person_fit(row[:, ~np.isnan(row[0])], part, [0.3])
    assert full.lz[0] == pytest.approx(kept.lz[0], rel=1e-12)


def test_empty_rows_and_bad_theta():
    params = ItemParameters.from_difficulty(ITEMS, A, B)
    with pytest.warns(DegenerateDataWarning, match="lz is undefined"):
        fit = person_fit(np.full((1, 8), np.nan), params, [0.0])
    assert np.isnan(fit.lz[0])
    with pytest.raises(ValueError, match="one value per row"):
        person_fit(np.ones((2, 8)), params, [0.0])
    with pytest.raises(ValueError, match="theta must be finite"):
        person_fit(np.ones((1, 8)), params, [np.nan])
