"""Reliability: KR-20/alpha, KR-21, SEM, Lord's CSEM, domain subscores."""

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hallmark.psychometrics import (
    DegenerateDataWarning,
    csem_lord,
    domain_reliability,
    read_scored,
    reliability,
)

DATA = Path(__file__).parent / "data"

# A small table worked by hand (Crocker & Algina style): 6 candidates, 4 items.
HAND = np.array(
    [
        [1, 1, 1, 1],  # X = 4
        [1, 1, 1, 0],  # X = 3
        [1, 1, 0, 0],  # X = 2
        [1, 0, 1, 0],  # X = 2
        [0, 1, 0, 0],  # X = 1
        [0, 0, 0, 0],  # X = 0
    ],
    dtype=float,
)
# p = 4/6, 4/6, 3/6, 1/6; sum pq = 8/36 + 8/36 + 9/36 + 5/36 = 30/36
# mean X = 12/6 = 2; squared deviations 4, 1, 0, 0, 1, 4 -> var X = 10/6
# KR-20 = 4/3 * (1 - (30/36) / (10/6)) = 4/3 * 1/2 = 2/3
# KR-21 = 4/3 * (1 - 2 * (4 - 2) / (4 * 10/6)) = 4/3 * (1 - 0.6) = 8/15
# SEM = sqrt(10/6) * sqrt(1 - 2/3) = sqrt(5/9)
# without item 4: X' = 3, 3, 2, 2, 1, 0; var X' = 27/6 - (11/6)^2 = 41/36; sum pq = 25/36
#   alpha = 3/2 * (1 - 25/41) = 24/41
# Lord's CSEM at x = 2 of n = 4: sqrt(2 * 2 / 3) = sqrt(4/3)
EXACT = 1e-12


def test_it_matches_the_hand_worked_table() -> None:
    r = reliability(HAND, items=["i1", "i2", "i3", "i4"], cut=2)
    assert r.mean == pytest.approx(2.0, abs=EXACT)
    assert r.sd == pytest.approx(np.sqrt(10 / 6), abs=EXACT)
    assert r.alpha == pytest.approx(2 / 3, abs=EXACT)
    assert r.kr20 == r.alpha
    assert r.kr21 == pytest.approx(8 / 15, abs=EXACT)
    assert r.sem == pytest.approx(np.sqrt(5 / 9), abs=EXACT)
    assert r.alpha_if_deleted["i4"] == pytest.approx(24 / 41, abs=EXACT)
    assert r.csem_at_cut == pytest.approx(np.sqrt(4 / 3), abs=EXACT)


def test_it_matches_ltm_cronbach_alpha_on_lsat6() -> None:
    # R package ltm (1.2-0), data LSAT (Bock & Lieberman's LSAT section 6, 1000 candidates):
    #   > library(ltm); cronbach.alpha(LSAT)
    #   Cronbach's alpha for the 'LSAT' data-set
    #   Items: 5
    #   Sample units: 1000
    #   alpha: 0.295
    table = read_scored(DATA / "lsat6.csv", freq_column="freq")
    r = reliability(table)
    assert r.n_candidates == 1000
    assert r.alpha == pytest.approx(0.295, abs=5e-4)


def test_lsat6_marginals_match_the_published_tabulation() -> None:
    # Stata tabulation of the same LSAT data (http://philender.com/courses/categorical/notes2/
    # rasch.html): item proportions right .924 .709 .553 .763 .870; raw-score frequencies
    # 0:3 1:20 2:85 3:237 4:357 5:298.
    table = read_scored(DATA / "lsat6.csv", freq_column="freq")
    p = table.weights @ table.scores / table.weights.sum()
    np.testing.assert_allclose(p, [0.924, 0.709, 0.553, 0.763, 0.870], atol=1e-12)
    totals = np.bincount(table.scores.sum(axis=1).astype(int), weights=table.weights)
    np.testing.assert_array_equal(totals, [3, 20, 85, 237, 357, 298])


def covariance_alpha(x: np.ndarray) -> float:
    """Alpha from the item covariance matrix, independently of the library's sums."""
    c = np.cov(x, rowvar=False)
    k = x.shape[1]
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def test_it_equals_alpha_from_the_covariance_matrix_and_deletes_items_the_same_way() -> None:
    rng = np.random.default_rng(7)
    theta = rng.standard_normal(400)
    x = (rng.random((400, 8)) < 1 / (1 + np.exp(-(theta[:, None] - rng.normal(size=8))))) * 1.0
    r = reliability(x)
    assert r.alpha == pytest.approx(covariance_alpha(x), abs=1e-10)
    for j, item in enumerate(r.items):
        assert r.alpha_if_deleted[item] == pytest.approx(
            covariance_alpha(np.delete(x, j, axis=1)), abs=1e-10
        )


def test_missing_scores_count_as_wrong_in_the_raw_score() -> None:
    with_nan = HAND.copy()
    with_nan[5, 0] = np.nan  # the candidate with X = 0 skipped item 1: still X = 0
    assert reliability(with_nan).alpha == pytest.approx(2 / 3, abs=EXACT)


def test_lords_csem() -> None:
    # sqrt(x (n - x) / (n - 1)) with n = 10: x = 0 -> 0, x = 5 -> sqrt(25/9) = 5/3, x = 10 -> 0
    np.testing.assert_allclose(csem_lord([0, 5, 10], 10), [0, 5 / 3, 0], atol=EXACT)
    with pytest.raises(ValueError, match="between 0 and n_items"):
        csem_lord(11, 10)


def test_domain_subscores_have_their_own_reliability() -> None:
    rng = np.random.default_rng(3)
    x = (rng.random((300, 6)) < 0.6) * 1.0
    names = [f"q{j}" for j in range(6)]
    domains = {"q0": "A", "q1": "A", "q2": "A", "q3": "B", "q4": "B"}
    with pytest.warns(DegenerateDataWarning, match="2 items"):  # B: no alpha if deleted
        result = domain_reliability(x, domains, items=names)
    assert list(result.domains) == ["A", "B"]
    assert result.unassigned == ["q5"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        for name, columns in (("A", [0, 1, 2]), ("B", [3, 4])):
            alone = reliability(x[:, columns], items=[names[c] for c in columns])
            assert result.domains[name].alpha == pytest.approx(alone.alpha, abs=1e-12)
            assert result.domains[name].kr21 == pytest.approx(alone.kr21, abs=1e-12)


def test_it_warns_when_alpha_is_undefined() -> None:
    with pytest.warns(DegenerateDataWarning, match="alpha is undefined"):
        r = reliability(np.array([[1.0], [0.0]]))
    assert np.isnan(r.alpha)
    same = np.array([[1.0, 0.0, 1.0]] * 4)
    with pytest.warns(DegenerateDataWarning, match="variance 0"):
        assert np.isnan(reliability(same).alpha)


def test_it_refuses_a_cut_outside_the_raw_score_range() -> None:
    with pytest.raises(ValueError, match="cut must be a raw score between 0 and 4"):
        reliability(HAND, cut=5)


zero_one = arrays(
    np.float64,
    st.tuples(st.integers(2, 25), st.integers(2, 8)),
    elements=st.sampled_from([0.0, 1.0]),
)


@settings(max_examples=80, deadline=None)
@given(x=zero_one)
def test_alpha_is_never_above_one(x: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        r = reliability(x)
    assert np.isnan(r.alpha) or r.alpha <= 1 + 1e-12
    assert np.isnan(r.kr21) or r.kr21 <= r.alpha + 1e-12  # KR-21 never exceeds KR-20


@settings(max_examples=60, deadline=None)
@given(x=zero_one, data=st.data())
def test_pattern_frequencies_give_the_same_results_as_expanded_rows(
    x: np.ndarray, data: st.DataObject
) -> None:
    counts = np.array(data.draw(st.lists(st.integers(1, 5), min_size=len(x), max_size=len(x))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        weighted = reliability(x, weights=counts, cut=1)
        expanded = reliability(np.repeat(x, counts, axis=0), cut=1)
    for name in ("n_candidates", "mean", "sd", "alpha", "kr21", "sem", "csem_at_cut"):
        np.testing.assert_allclose(getattr(weighted, name), getattr(expanded, name), atol=1e-9)
    np.testing.assert_allclose(
        list(weighted.alpha_if_deleted.values()),
        list(expanded.alpha_if_deleted.values()),
        atol=1e-9,
    )
