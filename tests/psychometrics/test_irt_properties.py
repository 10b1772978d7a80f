"""Property tests (hypothesis, small sizes) for calibration and ability estimation."""

import warnings

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hallmark.psychometrics import ConvergenceWarning, DegenerateDataWarning
from hallmark.psychometrics.irt import (
    ItemParameters,
    calibrate,
    estimate_ability,
    expected_score,
    sum_score_table,
    theta_for_score,
)

SETTINGS = settings(max_examples=8, deadline=None)


def _fit_or_skip(x: np.ndarray, **kwargs):
    """Calibrate; data whose likelihood has no finite maximum, or hardly one, are not examples
    of these properties."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("ignore", DegenerateDataWarning)  # a slope near 0 or below it
        try:
            fit = calibrate(x, "2pl", tol=1e-8, **kwargs)
        except ConvergenceWarning:
            assume(False)
            raise
    assume(np.all(fit.parameters.a < 5))  # nearly Guttman items leave the slope barely defined
    return fit


def _data(seed: int, n: int = 300, k: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a, b = rng.lognormal(0, 0.3, k), rng.normal(0, 0.8, k)
    theta = rng.normal(size=n)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    return (rng.random((n, k)) < p).astype(float)


@SETTINGS
@given(seed=st.integers(0, 10_000), order_seed=st.integers(0, 10_000))
def test_permuting_candidates_leaves_parameters_unchanged(seed, order_seed):
    x = _data(seed)
    order = np.random.default_rng(order_seed).permutation(x.shape[0])
    one = _fit_or_skip(x, standard_errors=False).parameters
    two = _fit_or_skip(x[order], standard_errors=False).parameters
    np.testing.assert_allclose(one.a, two.a, atol=1e-6)
    np.testing.assert_allclose(one.d, two.d, atol=1e-6)


@SETTINGS
@given(seed=st.integers(0, 10_000), order_seed=st.integers(0, 10_000))
def test_permuting_items_permutes_parameters(seed, order_seed):
    x = _data(seed)
    order = np.random.default_rng(order_seed).permutation(x.shape[1])
    names = [f"i{j}" for j in range(x.shape[1])]
    one = _fit_or_skip(x, items=names)
    two = _fit_or_skip(x[:, order], items=[names[j] for j in order])
    assert [it.item for it in two.items] == [names[j] for j in order]
    np.testing.assert_allclose(two.parameters.a, one.parameters.a[order], atol=1e-6)
    np.testing.assert_allclose(two.parameters.d, one.parameters.d[order], atol=1e-6)
    np.testing.assert_allclose(
        [i.se_a for i in two.items], np.array([i.se_a for i in one.items])[order], rtol=1e-4
    )
    assert two.loglik == np.float64(one.loglik) or abs(two.loglik - one.loglik) < 1e-6


@SETTINGS
@given(seed=st.integers(0, 10_000), model=st.sampled_from(["rasch", "1pl", "2pl"]))
def test_pattern_frequencies_give_the_same_fit_as_expanded_rows(seed, model):
    x = _data(seed, n=150, k=4)
    _same_fit_from_patterns(x, model, tol=1e-8)


def test_pattern_frequencies_give_the_same_3pl_fit():
    # A 3PL needs more candidates than the examples above to have a well-defined maximum.
    _same_fit_from_patterns(_data(3, n=3000, k=8), "3pl", tol=1e-7)


def _same_fit_from_patterns(x: np.ndarray, model: str, tol: float) -> None:
    patterns, counts = np.unique(x, axis=0, return_counts=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        # Small random samples can estimate a slope near 0 or below it (named by a warning);
        # both fits name the same items, and the property holds all the same.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        try:
            rows = calibrate(x, model, tol=tol)
        except ConvergenceWarning:
            assume(False)
            raise
        freq = calibrate(patterns, model, weights=counts.astype(float), tol=tol)
    np.testing.assert_allclose(freq.parameters.d, rows.parameters.d, atol=1e-5)
    np.testing.assert_allclose(freq.parameters.a, rows.parameters.a, atol=1e-5)
    np.testing.assert_allclose(freq.parameters.c, rows.parameters.c, atol=1e-5)
    assert abs(freq.loglik - rows.loglik) < 1e-6
    assert freq.n_candidates == rows.n_candidates == x.shape[0]


def _params(seed: int, k: int) -> ItemParameters:
    rng = np.random.default_rng(seed)
    return ItemParameters(
        tuple(f"i{j}" for j in range(k)),
        rng.lognormal(0, 0.4, k),
        rng.normal(0, 1, k),
        rng.uniform(0, 0.25, k),
    )


@SETTINGS
@given(seed=st.integers(0, 10_000), k=st.integers(3, 12))
def test_eap_is_monotone_in_raw_score_for_2pl(seed, k):
    params = _params(seed, k)
    params = ItemParameters(params.items, params.a, params.d)  # 2PL: c = 0
    table = sum_score_table(params)
    assert np.all(np.diff(table.theta) > 0)
    # a right answer in place of a wrong one never lowers a pattern's EAP
    rng = np.random.default_rng(seed)
    x = (rng.random((20, k)) < 0.5).astype(float)
    flip = x.copy()
    rows = np.arange(20)
    cols = np.argmin(x, axis=1)  # a wrong answer where one exists
    has_wrong = x[rows, cols] == 0
    flip[rows[has_wrong], cols[has_wrong]] = 1
    before = estimate_ability(x, params).theta
    after = estimate_ability(flip, params).theta
    assert np.all(after[has_wrong] > before[has_wrong])


@SETTINGS
@given(seed=st.integers(0, 10_000), k=st.integers(2, 40), theta=st.floats(-3.5, 3.5))
def test_theta_expected_score_theta_round_trip(seed, k, theta):
    params = _params(seed, k)
    score = expected_score([theta], params)
    back = theta_for_score(score, params)
    assert not back.at_bound[0]
    assert abs(back.theta[0] - theta) < 1e-8
