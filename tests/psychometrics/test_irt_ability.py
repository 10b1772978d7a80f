"""Item and test information, the TCC, and ability estimates."""

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.irt import (
    ItemParameters,
    estimate_ability,
    expected_score,
    item_information,
    item_probability,
    theta_for_score,
)
from hallmark.psychometrics.irt import test_information as information_of_test


def _numeric_information(theta, a, d, c, scale):
    h = 1e-6
    p = item_probability(theta, a, d, c, scale)
    dp = (
        item_probability(theta + h, a, d, c, scale) - item_probability(theta - h, a, d, c, scale)
    ) / (2 * h)
    return dp * dp / (p * (1 - p))


@pytest.mark.parametrize("scale", [1.0, 1.702])
@pytest.mark.parametrize("c", [0.0, 0.2])
def test_item_information_is_fisher_information(scale, c):
    theta = np.linspace(-3, 3, 13)
    got = item_information(theta, 1.3, -0.4, c, scale)
    np.testing.assert_allclose(got, _numeric_information(theta, 1.3, -0.4, c, scale), rtol=1e-6)


def test_item_information_2pl_closed_form_and_shapes():
    theta = np.array([-1.0, 0.0, 2.0])
    p = 1 / (1 + np.exp(-1.702 * (0.8 * theta + 0.3)))
    np.testing.assert_allclose(
        item_information(theta, 0.8, 0.3, scale=1.702), 1.702**2 * 0.64 * p * (1 - p)
    )
    assert item_information(0.0, 1.0, 0.0) == pytest.approx(0.25)
    assert item_information(theta, [1.0, 2.0], [0.0, 0.5]).shape == (3, 2)
    assert item_information(0.5, [1.0, 2.0], [0.0, 0.5]).shape == (2,)
    with pytest.raises(ValueError, match="c must lie in"):
        item_information(0.0, 1.0, 0.0, 1.0)


def test_test_information_and_tcc_add_the_items():
    params = ItemParameters(
        ("x", "y"), np.array([1.0, 2.0]), np.array([0.0, -1.0]), np.array([0.0, 0.25])
    )
    theta = np.array([-1.0, 0.5])
    np.testing.assert_allclose(
        information_of_test(theta, params),
        item_information(theta, params.a, params.d, params.c).sum(axis=1),
    )
    np.testing.assert_allclose(
        expected_score(theta, params),
        item_probability(theta, params.a, params.d, params.c).sum(axis=1),
    )


def test_scores_outside_the_tcc_are_held_at_bounds():
    params = ItemParameters(("x", "y", "z"), np.ones(3), np.zeros(3), np.full(3, 0.2))
    conv = theta_for_score([0.3, 1.5, 3.0], params)  # 0.3 < sum of c = 0.6
    assert conv.at_bound.tolist() == [True, False, True]
    assert conv.theta[0] == -6.0 and conv.theta[2] == 6.0
    assert expected_score(conv.theta[1:2], params)[0] == pytest.approx(1.5)


def test_mle_bounds_perfect_patterns_and_eap_shrinks():
    params = ItemParameters(tuple("abcd"), np.ones(4), np.array([1.0, 0.0, -0.5, -1.0]))
    x = np.array([[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0]], dtype=float)
    mle = estimate_ability(x, params, "mle", bounds=(-3, 3))
    assert mle.theta[0] == 3.0 and mle.theta[1] == -3.0
    assert mle.at_bound.tolist() == [True, True, False]
    eap = estimate_ability(x, params, "eap")
    assert abs(eap.theta[2]) < abs(mle.theta[2]) + 1e-12 or np.sign(eap.theta[2]) == np.sign(
        mle.theta[2]
    )
    assert np.all(eap.se < 1)


def test_missing_responses_and_empty_rows():
    params = ItemParameters(tuple("abc"), np.ones(3), np.zeros(3))
    x = np.array([[1, np.nan, 0], [np.nan, np.nan, np.nan]])
    eap = estimate_ability(x, params, "eap", prior_mean=0.4, prior_sd=0.8)
    assert eap.theta[1] == pytest.approx(0.4, abs=1e-9) and eap.se[1] == pytest.approx(
        0.8, abs=1e-3
    )
    sub = estimate_ability(
        np.array([[1, 0]]), params.select(["a", "c"]), "eap", prior_mean=0.4, prior_sd=0.8
    )
    assert eap.theta[0] == pytest.approx(sub.theta[0])
    with pytest.warns(DegenerateDataWarning, match="no responses"):
        mle = estimate_ability(x, params, "mle")
    assert np.isnan(mle.theta[1]) and np.isfinite(mle.theta[0])


def test_map_is_the_posterior_mode():
    params = ItemParameters(
        tuple("abcde"), np.array([0.8, 1.2, 1.5, 0.7, 1.0]), np.array([1, 0.5, 0, -0.5, -1.0])
    )
    x = np.array([[1, 1, 0, 1, 0]], dtype=float)
    got = estimate_ability(x, params, "map").theta[0]
    grid = np.linspace(-4, 4, 80001)
    p = item_probability(grid, params.a, params.d)
    logpost = (x * np.log(p) + (1 - x) * np.log(1 - p)).sum(axis=1) - grid**2 / 2
    assert got == pytest.approx(grid[np.argmax(logpost)], abs=1e-4)


def test_ability_arguments_are_checked():
    params = ItemParameters(("a", "b"), np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="method must be one of"):
        estimate_ability([[1, 0]], params, "bayes-modal")
    with pytest.raises(ValueError, match="one column per item"):
        estimate_ability([[1, 0, 1]], params)
    with pytest.raises(ValueError, match="prior_sd must be positive"):
        estimate_ability([[1, 0]], params, prior_sd=0)
