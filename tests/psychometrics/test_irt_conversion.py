"""Conditional SEM and the raw -> theta -> scaled conversion table."""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.irt import (
    ItemParameters,
    calibrate,
    conditional_sem,
    conversion_table,
    expected_score,
    item_probability,
)
from hallmark.psychometrics.irt._ability import summed_score_likelihood

LSAT7 = Path(__file__).parent / "data" / "lsat7.csv"
ITEMS = tuple(f"q{j}" for j in range(10))
PARAMS = ItemParameters.from_difficulty(
    ITEMS, np.linspace(0.7, 1.6, 10), np.linspace(-2, 2, 10), np.full(10, 0.15)
)


def test_eap_table_on_lsat7_matches_mirt_eapsum_and_is_rescaled():
    # mirt tests/testthat/test-01-mirtOne.R, fscores(modm1, method = 'EAPsum',
    # full.scores = FALSE) on LSAT7 (2PL): theta and SE per raw score 0..5, tolerance 2e-3.
    theta = [-1.86979, -1.431861, -0.9488463, -0.4131963, 0.1517289, 0.7271877]
    se = [0.6927032, 0.6838697, 0.6942298, 0.7210951, 0.758772, 0.8009335]
    t = np.loadtxt(LSAT7, delimiter=",", skiprows=1, usecols=range(1, 7))
    items = ("Item.1", "Item.2", "Item.3", "Item.4", "Item.5")
    fit = calibrate(t[:, :5], "2pl", items=items, weights=t[:, 5], tol=1e-6)
    table = conversion_table(fit.parameters, "eap", slope=10, intercept=50)
    np.testing.assert_allclose(table.theta, theta, atol=2e-3)
    np.testing.assert_allclose(table.theta_csem, se, atol=2e-3)
    np.testing.assert_allclose(table.scaled, 50 + 10 * np.array(theta), atol=2e-2)
    np.testing.assert_allclose(table.scaled_csem, 10 * np.array(se), atol=2e-2)


def test_tcc_table_inverts_the_curve_and_flags_unreachable_scores():
    table = conversion_table(PARAMS, "tcc", slope=100, intercept=500)
    inside = ~table.at_bound
    # sum of c is 1.5: raw 0 and 1 are below the curve, raw 10 is its asymptote
    assert table.at_bound.tolist() == [True, True] + [False] * 8 + [True]
    np.testing.assert_allclose(expected_score(table.theta[inside], PARAMS), table.raw[inside])
    assert np.all(np.diff(table.theta) >= 0) and np.all(np.diff(table.theta[inside]) > 0)
    np.testing.assert_allclose(table.scaled, 100 * table.theta + 500)


def test_csem_is_one_over_root_information_by_finite_differences():
    theta = np.linspace(-3, 3, 7)
    h = 1e-6
    p = item_probability(theta, PARAMS.a, PARAMS.d, PARAMS.c)
    dp = (
        item_probability(theta + h, PARAMS.a, PARAMS.d, PARAMS.c)
        - item_probability(theta - h, PARAMS.a, PARAMS.d, PARAMS.c)
    ) / (2 * h)
    info = np.sum(dp * dp / (p * (1 - p)), axis=1)
    np.testing.assert_allclose(conditional_sem(theta, PARAMS), 1 / np.sqrt(info), rtol=1e-6)


def test_raw_csem_is_the_sd_of_the_lord_wingersky_distribution():
    # Independent: the spread of the full raw-score distribution at each theta.
    table = conversion_table(PARAMS, "tcc")
    dist = summed_score_likelihood(PARAMS.probability(table.theta))  # scores x nodes
    scores = np.arange(11)[:, None]
    mean = (scores * dist).sum(axis=0)
    sd = np.sqrt((scores**2 * dist).sum(axis=0) - mean**2)
    np.testing.assert_allclose(table.raw_csem, sd, rtol=1e-9)
    assert table.to_dict()["rows"][5]["raw"] == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "ml"}, "method must be one of"),
        ({"slope": 0.0}, "slope must be positive"),
        ({"intercept": float("nan")}, "intercept finite"),
    ],
)
def test_arguments_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conversion_table(PARAMS, **kwargs)
