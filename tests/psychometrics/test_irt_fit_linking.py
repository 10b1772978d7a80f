"""Item fit (S-X2, infit/outfit) and linking (more in test_irt_linking.py)."""

import numpy as np
import pytest

from hallmark.psychometrics.irt import (
    ItemParameters,
    calibrate,
    item_fit,
    link,
    transform_parameters,
)


def _rasch_data(seed, n=3000, k=12):
    rng = np.random.default_rng(seed)
    b = np.linspace(-1.5, 1.5, k)
    theta = rng.normal(size=n)
    p = 1 / (1 + np.exp(-(theta[:, None] - b)))
    return (rng.random((n, k)) < p).astype(float), b, theta


def test_infit_outfit_near_one_for_fitting_items_and_flag_a_random_item():
    x, b, theta = _rasch_data(1)
    rng = np.random.default_rng(2)
    x[:, 5] = (rng.random(x.shape[0]) < 0.5).astype(float)  # responses unrelated to theta
    params = ItemParameters.from_difficulty([f"i{j}" for j in range(12)], np.ones(12), b)
    fit = item_fit(x, params, n_estimated=1, theta=theta)
    others = np.delete(np.arange(12), 5)
    np.testing.assert_allclose(fit.infit[others], 1.0, atol=0.08)
    np.testing.assert_allclose(fit.outfit[others], 1.0, atol=0.15)
    assert fit.infit[5] > 1.15 and fit.outfit[5] > 1.3
    assert fit.sx2_p[5] < 1e-3
    assert np.median(fit.sx2_p[others]) > 0.05


def test_mean_squares_follow_their_definition():
    params = ItemParameters(("a", "b", "c"), np.ones(3), np.array([0.5, 0.0, -0.5]))
    x = np.array([[1, 0, 1], [0, 0, 1], [1, 1, np.nan], [1, 1, 1]])
    theta = np.array([-0.3, -1.0, 0.4, 1.2])
    w = np.array([1.0, 2.0, 1.0, 1.0])
    fit = item_fit(x, params, weights=w, theta=theta, n_estimated=1)
    for j in range(3):
        num_out = den = num_in = var_sum = 0.0
        for i in range(4):
            if np.isnan(x[i, j]):
                continue
            p = 1 / (1 + np.exp(-(theta[i] + params.d[j])))
            num_out += w[i] * (x[i, j] - p) ** 2 / (p * (1 - p))
            den += w[i]
            num_in += w[i] * (x[i, j] - p) ** 2
            var_sum += w[i] * p * (1 - p)
        assert fit.outfit[j] == pytest.approx(num_out / den)
        assert fit.infit[j] == pytest.approx(num_in / var_sum)


def test_s_x2_degrees_of_freedom_follow_the_model():
    x, _, _ = _rasch_data(3, n=2000, k=8)
    cal = calibrate(x, "rasch")
    fit = item_fit(x, cal.parameters, n_estimated=1, latent_sd=cal.latent_sd)
    assert np.all(fit.sx2_df <= 6) and np.all(fit.sx2_df >= 1)
    assert np.all((fit.sx2_p >= 0) & (fit.sx2_p <= 1))


@pytest.mark.parametrize("method", ["mean-sigma", "mean-mean", "haebara", "stocking-lord"])
def test_linking_recovers_a_known_transformation(method):
    rng = np.random.default_rng(4)
    names = [f"q{j}" for j in range(15)]
    base = ItemParameters.from_difficulty(
        names, rng.lognormal(0, 0.3, 15), rng.normal(0, 1, 15), np.full(15, 0.15)
    )
    # the new calibration's theta is (theta_base - 0.4) / 1.25
    new = transform_parameters(base, 1 / 1.25, -0.4 / 1.25)
    extra = ItemParameters(("new1",), np.array([1.1]), np.array([0.2]))
    new_all = ItemParameters(
        new.items + extra.items, np.r_[new.a, extra.a], np.r_[new.d, extra.d], np.r_[new.c, 0.0]
    )
    result = link(new_all, base, method)
    assert result.slope == pytest.approx(1.25, abs=1e-6)
    assert result.intercept == pytest.approx(0.4, abs=1e-6)
    assert result.common == tuple(names)
    moved = result.transformed
    np.testing.assert_allclose(moved.select(names).b, base.b, atol=1e-6)
    assert moved.select(["new1"]).b[0] == pytest.approx(1.25 * extra.b[0] + 0.4, abs=1e-6)


def test_stocking_lord_beats_mean_sigma_on_its_own_criterion():
    rng = np.random.default_rng(5)
    names = [f"q{j}" for j in range(12)]
    base = ItemParameters.from_difficulty(names, rng.lognormal(0, 0.3, 12), rng.normal(0, 1, 12))
    noisy = ItemParameters.from_difficulty(
        names, base.a * rng.lognormal(0, 0.1, 12), base.b + rng.normal(0, 0.15, 12)
    )
    sl = link(noisy, base, "stocking-lord")
    ms = link(noisy, base, "mean-sigma")
    grid = np.linspace(-4, 4, 41)
    w = np.exp(-(grid**2) / 2)
    w /= w.sum()

    def loss(res):
        return w @ (base.probability(grid).sum(1) - res.transformed.probability(grid).sum(1)) ** 2

    assert sl.converged and loss(sl) <= loss(ms) + 1e-12
    assert sl.criterion == pytest.approx(loss(sl))


def test_linking_needs_two_common_items():
    one = ItemParameters(("a", "b"), np.ones(2), np.zeros(2))
    other = ItemParameters(("a", "z"), np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="at least 2 common items"):
        link(one, other)
    with pytest.raises(ValueError, match="method must be one of"):
        link(one, one, "least-squares")
