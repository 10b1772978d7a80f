"""Property tests: a form equated to itself is the identity; linear equating recovers a
linear transform of the scores."""

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from hallmark.psychometrics.equating import equate_neat, equate_random_groups, smooth_univariate

counts_1d = st.lists(st.integers(1, 200), min_size=5, max_size=40).map(
    lambda c: np.array(c, dtype=np.float64)
)


@settings(max_examples=60, deadline=None)
@given(counts=counts_1d, method=st.sampled_from(["mean", "linear", "equipercentile"]))
def test_random_groups_self_equating_is_the_identity(counts, method):
    r = equate_random_groups(counts, counts, method)
    np.testing.assert_allclose(r.equated, np.arange(counts.size), atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(counts=counts_1d, degree=st.integers(1, 4))
@example(counts=np.array([1.0, 1.0, 200.0, 1.0, 200.0]), degree=3)  # f(0) = 9e-14
def test_presmoothed_self_equating_is_the_identity(counts, degree):
    assume(degree < counts.size)
    r = equate_random_groups(counts, counts, "equipercentile", degree=degree)
    # Ranks are compared at 10 decimals, as R equate does: at a score whose smoothed proportion
    # f is tiny that rounding moves the inverse by up to 5e-11 / f (to -0.5 at a bottom score
    # of f = 1e-13), so the identity is checked where f > 1e-6.
    smoothed = smooth_univariate(counts, degree)
    held = smoothed / smoothed.sum() > 1e-6
    np.testing.assert_allclose(r.equated[held], np.arange(counts.size)[held], atol=1e-4)


@st.composite
def bivariate(draw):
    n_x = draw(st.integers(6, 20))
    n_v = draw(st.integers(3, 6))
    cells = draw(st.lists(st.integers(0, 30), min_size=n_x * n_v, max_size=n_x * n_v))
    t = np.array(cells, dtype=np.float64).reshape(n_x, n_v)
    t[np.arange(n_x), np.arange(n_x) % n_v] += 5  # every total and anchor score occurs
    return t


@settings(max_examples=40, deadline=None)
@given(
    table=bivariate(),
    method=st.sampled_from(
        [
            "tucker",
            "levine-observed",
            "levine-true",
            "chained-linear",
            "braun-holland",
            "frequency-estimation",
            "chained-equipercentile",
        ]
    ),
)
def test_neat_self_equating_is_the_identity(table, method):
    p = table / table.sum()
    s, v = np.arange(table.shape[0]), np.arange(table.shape[1])
    cov = np.einsum("ij,i,j->", p, s, v) - (p.sum(1) @ s) * (p.sum(0) @ v)
    assume(cov > 1e-3)
    r = equate_neat(table, table, method, anchor_type="external")
    np.testing.assert_allclose(r.equated, np.arange(table.shape[0]), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    counts=counts_1d,
    slope=st.sampled_from([1, 2, 3]),
    shift=st.integers(0, 5),
)
def test_linear_equating_recovers_a_linear_transform(counts, slope, shift):
    # Y = slope * X + shift, as a frequency table on 0 .. slope * K + shift
    y = np.zeros(slope * (counts.size - 1) + shift + 1)
    y[slope * np.arange(counts.size) + shift] = counts
    r = equate_random_groups(counts, y, "linear")
    assert r.slope == pytest.approx(slope, rel=1e-9)
    assert r.intercept == pytest.approx(shift, abs=1e-8)
    if slope == 1:
        assert equate_random_groups(counts, y, "mean").intercept == pytest.approx(shift, abs=1e-8)
