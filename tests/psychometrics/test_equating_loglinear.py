"""Log-linear presmoothing: the equate vignette's fits of KBneat, and the moment property."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.psychometrics.equating import (
    moments,
    read_score_file,
    smooth_bivariate,
    smooth_univariate,
)

DATA = Path(__file__).parent / "data" / "equating"
X = read_score_file(DATA / "kbneat_x.csv", anchor=True).counts


def deviance(observed, fitted):
    seen = observed > 0
    return 2 * float(np.sum(observed[seen] * np.log(observed[seen] / fitted[seen])))


@pytest.mark.parametrize(
    ("degree", "interaction", "expected"),
    [(1, 0, 4574.1), (2, 0, 2699.7), (3, 0, 2551.9), (3, 1, 333.8)],
)
def test_bivariate_fits_match_the_vignette_deviance_table(degree, interaction, expected):
    # equate vignette, section 5.3: presmoothing(neat.x, smooth = "loglinear",
    #   degrees = list(c(3, 3), c(1, 1)), compare = TRUE), column "Resid. Dev" of models
    # 1-4 (margins to powers 1, 2, 3, then the 1.1 cross product). Tolerance 0.05.
    fitted = smooth_bivariate(X, degree, interaction)
    assert deviance(X, fitted) == pytest.approx(expected, abs=0.05)


def test_bivariate_fit_matches_the_vignette_summary():
    # vignette: neat.xs <- presmoothing(neat.x, smooth = "log", degrees = list(3, 1));
    # summary: xs.total kurt 3.22, xs.anchor kurt 2.97 (the 4th moment is not kept, so it
    # moves from the observed 2.72 and 2.76). Tolerance 0.005.
    fitted = smooth_bivariate(X, 3, 1)
    assert moments(np.arange(37.0), fitted.sum(axis=1))["kurt"] == pytest.approx(3.22, abs=5e-3)
    assert moments(np.arange(13.0), fitted.sum(axis=0))["kurt"] == pytest.approx(2.97, abs=5e-3)


def raw_moments(counts, power):
    s = np.arange(counts.shape[-1], dtype=np.float64)
    return (counts @ s**power) / counts.sum()


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 60), min_size=8, max_size=30).filter(
        lambda c: sum(1 for v in c if v > 0) >= 5
    ),
    degree=st.integers(1, 4),
)
def test_univariate_fit_keeps_the_first_moments(counts, degree):
    c = np.array(counts, dtype=np.float64)
    fitted = smooth_univariate(c, degree)
    assert fitted.sum() == pytest.approx(c.sum(), rel=1e-8)
    for power in range(1, degree + 1):
        assert raw_moments(fitted, power) == pytest.approx(raw_moments(c, power), rel=1e-6)
    assert np.all(fitted > 0)


def test_bivariate_fit_keeps_the_cross_moment():
    fitted = smooth_bivariate(X, 4, 2)
    s, v = np.arange(37.0), np.arange(13.0)
    for a, b in ((1, 1), (2, 1), (1, 2), (2, 2)):
        obs = np.einsum("ij,i,j->", X, s**a, v**b) / X.sum()
        fit = np.einsum("ij,i,j->", fitted, s**a, v**b) / fitted.sum()
        assert fit == pytest.approx(obs, rel=1e-8)


def test_many_tables_fit_at_once_as_one_by_one():
    rng = np.random.default_rng(1)
    tables = rng.multinomial(500, np.full(21, 1 / 21), size=5).astype(float)
    together = smooth_univariate(tables, 3)
    alone = np.array([smooth_univariate(t, 3) for t in tables])
    np.testing.assert_allclose(together, alone, rtol=1e-7)


def test_a_degree_beyond_the_scale_is_a_clear_error():
    with pytest.raises(ValueError, match="degree must be between 1 and 3"):
        smooth_univariate(np.array([1.0, 2, 3, 4]), 4)
