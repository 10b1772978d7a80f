"""Yen's Q3 and the flag for local dependence, on numbers checked by hand."""

import numpy as np
import pytest

from hallmark.psychometrics import local_dependence, q3, rest_score_expected


def test_q3_is_the_correlation_of_the_residuals() -> None:
    scores = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], dtype=float)
    expected = np.array([[0.8, 0.7], [0.4, 0.5], [0.6, 0.5], [0.2, 0.3]])
    # residuals .2 -.4 .4 -.2 and .3 .5 -.5 -.3: products sum -.28, squares .4 and .68
    assert q3(scores, expected)[0, 1] == pytest.approx(-0.28 / np.sqrt(0.4 * 0.68))
    assert np.isnan(q3(scores, expected)[0, 0])


def test_q3_matches_mirts_definition_under_a_2pl() -> None:
    # mirt: residuals(type = "Q3") correlates observed less expected scores at each theta
    rng = np.random.default_rng(7)
    theta = rng.normal(size=200)
    a, b = np.array([1.2, 0.8, 1.5]), np.array([-0.5, 0.0, 0.7])
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    scores = (rng.random(p.shape) < p).astype(float)
    scores[3, 1] = np.nan  # a missing score leaves that candidate out of pairs with item 2
    got = q3(scores, p)
    residual = scores - p
    keep = ~np.isnan(residual[:, 1])
    assert got[0, 1] == pytest.approx(np.corrcoef(residual[keep, 0], residual[keep, 1])[0, 1])
    assert got[0, 2] == pytest.approx(np.corrcoef(residual[:, 0], residual[:, 2])[0, 1])


def test_the_rest_score_expectation_is_the_mean_score_at_each_rest_score() -> None:
    scores = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [1, 1, 1]], dtype=float)
    # item 1: rest scores 1 1 2 2; its mean is 1 at rest 1 and .5 at rest 2
    assert rest_score_expected(scores)[:, 0].tolist() == [1.0, 1.0, 0.5, 0.5]


def test_a_pair_is_flagged_when_its_q3_exceeds_the_mean_by_more_than_point_two() -> None:
    scores = np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=float)
    result = local_dependence(scores, np.full(scores.shape, 0.5), items=["Q1", "Q2", "Q3"])
    # Q3: Q1-Q2 1, Q1-Q3 0, Q2-Q3 0; mean 1/3; only Q1-Q2 is above it by more than .2
    assert result.mean_q3 == pytest.approx(1 / 3)
    assert result.flagged == [("Q1", "Q2", 1.0)]
    only = local_dependence(
        scores, np.full(scores.shape, 0.5), items=["Q1", "Q2", "Q3"], pairs=[("Q2", "Q3")]
    )
    assert only.flagged == []
    with pytest.raises(ValueError, match="Q9"):
        local_dependence(scores, items=["Q1", "Q2", "Q3"], pairs=[("Q1", "Q9")])
