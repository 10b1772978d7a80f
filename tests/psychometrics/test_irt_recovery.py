"""Parameter recovery on simulated data (fixed seeds), fixed-parameter calibration, warnings."""

import numpy as np
import pytest

from hallmark.psychometrics import ConvergenceWarning, DegenerateDataWarning
from hallmark.psychometrics.irt import ItemParameters, Quadrature, calibrate


def simulate(n, a, b, c=None, theta=None, seed=0):
    rng = np.random.default_rng(seed)
    c = np.zeros_like(a) if c is None else c
    theta = rng.normal(size=n) if theta is None else theta
    p = c + (1 - c) / (1 + np.exp(-a * (theta[:, None] - b)))
    return (rng.random(p.shape) < p).astype(float)


def rmse(x, y):
    return float(np.sqrt(np.mean((np.asarray(x) - np.asarray(y)) ** 2)))


@pytest.fixture(scope="module")
def bank_2pl():
    rng = np.random.default_rng(2024)
    return rng.lognormal(0, 0.25, 60), rng.normal(0, 1, 60)


def test_2pl_recovery_20000_by_60(bank_2pl):
    a, b = bank_2pl
    x = simulate(20000, a, b, seed=1)
    fit = calibrate(x, "2pl")
    assert fit.converged
    assert rmse(fit.parameters.a, a) < 0.03
    assert rmse(fit.parameters.b, b) < 0.04
    # The reported standard errors describe the actual estimation error.
    se_a = np.array([i.se_a for i in fit.items])
    assert 0.7 < rmse(fit.parameters.a, a) / np.sqrt(np.mean(se_a**2)) < 1.4


def test_3pl_recovery_with_default_prior():
    # Bounds for N = 20,000 and 60 items with c = 0.2: the 3PL trades b against c, so b and c
    # are looser than the 2PL's (a < 0.10, b < 0.20, c < 0.06).
    rng = np.random.default_rng(7)
    a, b = rng.lognormal(0, 0.25, 60), rng.normal(0, 1, 60)
    c = np.full(60, 0.2)
    x = simulate(20000, a, b, c, seed=3)
    fit = calibrate(x, "3pl", standard_errors=False)
    assert fit.converged
    assert rmse(fit.parameters.a, a) < 0.10
    assert rmse(fit.parameters.b, b) < 0.20
    assert rmse(fit.parameters.c, c) < 0.06


def test_rasch_recovers_item_difficulties_and_latent_sd():
    rng = np.random.default_rng(11)
    b = rng.normal(0, 1, 30)
    theta = rng.normal(0, 1.3, 5000)
    x = simulate(5000, np.ones(30), b, theta=theta, seed=4)
    fit = calibrate(x, "rasch")
    assert rmse(fit.parameters.b, b) < 0.06
    assert fit.latent_sd == pytest.approx(1.3, abs=0.06)
    assert np.all(np.isnan([i.se_a for i in fit.items]))


def test_fixed_parameter_calibration_puts_pretest_items_on_bank_scale():
    rng = np.random.default_rng(5)
    a, b = rng.lognormal(0, 0.25, 50), rng.normal(0, 1, 50)
    theta = rng.normal(0.5, 1.2, 10000)  # this population is not the bank's N(0, 1)
    x = simulate(10000, a, b, theta=theta, seed=6)
    names = [f"Q{j}" for j in range(50)]
    anchors = ItemParameters.from_difficulty(names[:35], a[:35], b[:35])
    fit = calibrate(x, "2pl", items=names, anchors=anchors)
    got = fit.parameters
    np.testing.assert_allclose(got.a[:35], a[:35])  # anchors keep their bank values
    assert all(i.anchor for i in fit.items[:35]) and not any(i.anchor for i in fit.items[35:])
    assert rmse(got.b[35:], b[35:]) < 0.08
    assert rmse(got.a[35:], a[35:]) < 0.08
    assert fit.latent_mean == pytest.approx(0.5, abs=0.05)
    assert fit.latent_sd == pytest.approx(1.2, abs=0.05)
    assert fit.se_latent_mean > 0 and fit.se_latent_sd > 0


def test_missing_responses_are_skipped():
    rng = np.random.default_rng(8)
    a, b = rng.lognormal(0, 0.25, 20), rng.normal(0, 1, 20)
    x = simulate(8000, a, b, seed=9)
    full = calibrate(x, "2pl")
    holes = x.copy()
    holes[rng.random(x.shape) < 0.3] = np.nan  # 30% not presented, at random
    fit = calibrate(holes, "2pl")
    assert rmse(fit.parameters.b, b) < 0.08
    # fewer responses, larger standard errors
    assert np.mean([i.se_b for i in fit.items]) > np.mean([i.se_b for i in full.items])


def test_scale_1702_rescales_slopes_and_intercepts_only():
    rng = np.random.default_rng(12)
    a, b = rng.lognormal(0, 0.25, 10), rng.normal(0, 1, 10)
    x = simulate(2000, a, b, seed=13)
    one = calibrate(x, "2pl", tol=1e-7)
    normal = calibrate(x, "2pl", tol=1e-7, scale=1.702)
    np.testing.assert_allclose(normal.parameters.a, one.parameters.a / 1.702, rtol=1e-6)
    np.testing.assert_allclose(normal.parameters.b, one.parameters.b, atol=1e-6)
    np.testing.assert_allclose(
        normal.parameters.probability([0.3]), one.parameters.probability([0.3])
    )
    assert normal.loglik == pytest.approx(one.loglik)


def test_non_convergence_warns_and_reports():
    rng = np.random.default_rng(14)
    x = simulate(500, rng.lognormal(0, 0.25, 8), rng.normal(0, 1, 8), seed=15)
    with pytest.warns(ConvergenceWarning, match="without converging"):
        fit = calibrate(x, "2pl", max_iter=2)
    assert not fit.converged and fit.iterations == 2


def test_item_without_variance_is_reported_as_nan_with_warning():
    rng = np.random.default_rng(16)
    x = simulate(500, rng.lognormal(0, 0.25, 6), rng.normal(0, 1, 6), seed=17)
    x[:, 2] = 1.0
    with pytest.warns(DegenerateDataWarning, match="item3"):
        fit = calibrate(x, "2pl")
    assert np.isnan(fit.items[2].a) and np.isfinite(fit.items[0].a)


def test_quadrature_settings_are_used():
    rng = np.random.default_rng(18)
    x = simulate(1000, rng.lognormal(0, 0.25, 8), rng.normal(0, 1, 8), seed=19)
    coarse = calibrate(x, "2pl", quadrature=Quadrature(points=9, lower=-3, upper=3))
    fine = calibrate(x, "2pl")
    assert coarse.quadrature.points == 9
    assert coarse.loglik != pytest.approx(fine.loglik, abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "4pl"}, "model must be one of"),
        ({"weights": [1.0, -1.0, 1.0]}, "weights must be finite and non-negative"),
        ({"tol": 0}, "tol must be a positive number"),
        ({"items": ["a", "a"]}, "items must be unique"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, message):
    x = np.array([[1, 0], [0, 1], [1, 1]], dtype=float)
    with pytest.raises(ValueError, match=message):
        calibrate(x, **{"model": "2pl", **kwargs})


def test_non_binary_score_names_row_and_column():
    with pytest.raises(ValueError, match=r"row 1, column 0: value 2\.0"):
        calibrate(np.array([[1, 0], [2, 1]], dtype=float))
