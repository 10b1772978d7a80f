"""Contrasting groups on a small example worked by hand.

Judges call six candidates qualified (raw scores 5 6 7 7 8 9) and six not qualified
(3 4 5 5 6 7). A candidate passes at a score at or above the cut.

    cut   false passes (not qualified >= cut)   false fails (qualified < cut)   errors   3 FP + FF
     3           6                                   0                              6        18
     4           5                                   0                              5        15
     5           4  (5 5 6 7)                        0                              4        12
     6           2  (6 7)                            1  (5)                         3         7
     7           1  (7)                              2  (5 6)                       3         5
     8           0                                   4  (5 6 7 7)                   4         4
     9           0                                   5                              5         5

Equal weights: cuts 6 and 7 tie with 3 errors; the middle (lower) one is 6, where 5 qualified
pass and 1 fails, 2 not qualified pass and 4 fail: 3 of 12 misclassified.
A false pass weighing 3: the least loss is 4, at 8.
Midpoint of medians: (7 + 5) / 2 = 6.
Logistic: the data are symmetric about 6 (x -> 12 - x swaps the groups), so P(qualified) = .5
at exactly 6.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from hallmark.psychometrics import (
    DegenerateDataWarning,
    contrasting_groups,
    misclassification_table,
)

Q = [5, 6, 7, 7, 8, 9]
NQ = [3, 4, 5, 5, 6, 7]


def test_the_cut_with_the_fewest_misclassifications() -> None:
    result = contrasting_groups(Q, NQ)
    assert result.method == "misclassification"
    assert result.cut == 6 and result.raw_cut == 6
    assert result.tied_cuts == (6, 7)
    t = result.table
    assert (t.qualified_pass, t.qualified_fail, t.not_qualified_pass, t.not_qualified_fail) == (
        5,
        1,
        2,
        4,
    )
    assert t.false_pass == 2 and t.false_fail == 1
    assert t.misclassified == pytest.approx(0.25)


def test_a_false_pass_weighing_more_raises_the_cut() -> None:
    result = contrasting_groups(Q, NQ, false_pass_weight=3)
    assert result.cut == 8 and result.tied_cuts == (8,)
    assert result.false_pass_weight == 3 and result.false_fail_weight == 1
    assert (result.table.not_qualified_pass, result.table.qualified_fail) == (0, 4)


def test_the_midpoint_of_the_medians() -> None:
    result = contrasting_groups(Q, NQ, "midpoint")
    assert (result.median_qualified, result.median_not_qualified) == (7, 5)
    assert result.cut == 6
    uneven = contrasting_groups([5, 6, 7, 7, 8, 9], [3, 4, 4, 5, 6, 7], "midpoint")
    assert uneven.cut == 5.75 and uneven.raw_cut == 6  # (7 + 4.5) / 2


def neg_loglik(beta, x, y):
    eta = beta[0] + beta[1] * x
    return float(np.sum(np.logaddexp(0, eta) - y * eta))


def test_the_logistic_cut_is_where_p_qualified_is_one_half() -> None:
    result = contrasting_groups(Q, NQ, "logistic")
    assert result.cut == pytest.approx(6.0, abs=1e-9)
    # the slope against a general-purpose optimiser on the same likelihood
    x = np.array(Q + NQ, dtype=float)
    y = np.r_[np.ones(6), np.zeros(6)]
    fit = minimize(neg_loglik, [0.0, 0.0], args=(x, y), method="BFGS", options={"gtol": 1e-10})
    assert result.slope == pytest.approx(fit.x[1], rel=1e-5)
    assert result.intercept == pytest.approx(fit.x[0], rel=1e-5)
    assert result.intercept == pytest.approx(-6 * result.slope)


def test_weights_move_the_logistic_cut_to_where_p_is_their_share() -> None:
    result = contrasting_groups(Q, NQ, "logistic", false_pass_weight=3)
    # P(qualified) = 3 / 4 where intercept + slope * cut = log 3
    assert result.intercept + result.slope * result.cut == pytest.approx(math.log(3))
    assert result.cut > 6


def test_groups_that_do_not_overlap_give_the_middle_of_the_gap() -> None:
    with pytest.warns(DegenerateDataWarning, match="do not overlap"):
        result = contrasting_groups([7, 8, 9], [2, 3, 4], "logistic")
    assert result.cut == 5.5 and math.isnan(result.slope)


@pytest.mark.parametrize(
    ("qualified", "not_qualified", "kwargs", "message"),
    [
        ([], [1, 2], {}, "qualified: no candidates"),
        ([3, math.nan], [1, 2], {}, r"qualified: score 2 \(nan\)"),
        ([3, 4], [1, -2], {}, r"not_qualified: score 2 \(-2\)"),
        ([3, 4], [1, 2], {"method": "roc"}, "method must be one of"),
        ([3, 4], [1, 2], {"false_pass_weight": 0}, "false_pass_weight must be a positive"),
        ([1, 2], [5, 6], {"method": "logistic"}, "no cut separates them"),
        ([1, 4, 5], [3, 5, 6, 2], {"method": "logistic"}, "do not score higher"),
    ],
)
def test_it_refuses_bad_input(qualified, not_qualified, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        contrasting_groups(qualified, not_qualified, **kwargs)


def test_the_result_is_frozen_and_has_a_json_form() -> None:
    result = contrasting_groups(Q, NQ)
    with pytest.raises(AttributeError):
        result.cut = 3  # type: ignore[misc]
    doc = result.to_dict()
    assert doc["raw_cut"] == 6 and doc["table"]["misclassified"] == 0.25
    assert doc["tied_cuts"] == [6, 7]


scores = st.lists(st.integers(0, 30), min_size=2, max_size=25)


@settings(max_examples=60, deadline=None)
@given(q=scores, nq=scores, w=st.floats(0.2, 5))
def test_a_costlier_false_pass_never_lowers_the_cut(q, nq, w) -> None:
    q = [s + 3 for s in q]  # overlapping groups, the qualified a little higher on average
    low = contrasting_groups(q, nq, false_pass_weight=w)
    high = contrasting_groups(q, nq, false_pass_weight=2 * w)
    assert min(high.tied_cuts) >= min(low.tied_cuts)
    assert max(high.tied_cuts) >= max(low.tied_cuts)
    fp, ff = high.table.false_pass, high.table.false_fail
    for c in range(0, 36):  # no whole cut has a smaller weighted loss
        other = misclassification_table(q, nq, c)
        assert 2 * w * fp + ff <= 2 * w * other.false_pass + other.false_fail + 1e-9


@settings(max_examples=40, deadline=None)
@given(shift=st.integers(0, 20))
def test_the_smoothed_cut_moves_with_the_scores(shift) -> None:
    moved = contrasting_groups([s + shift for s in Q], [s + shift for s in NQ], "logistic")
    assert moved.cut == pytest.approx(6.0 + shift, abs=1e-7)


@settings(max_examples=80, deadline=None)
@given(q=scores, nq=scores)
def test_the_logistic_fit_solves_the_likelihood_equations(q, nq) -> None:
    q = [s + 1 for s in q]
    assume(max(nq) > min(q) and max(q) > min(nq))  # separated groups have no finite fit
    try:
        result = contrasting_groups(q, nq, "logistic")
    except ValueError as error:
        assert "do not score higher" in str(error)
        return
    x = np.array(q + nq, dtype=float)
    y = np.r_[np.ones(len(q)), np.zeros(len(nq))]
    p = 1 / (1 + np.exp(-(result.intercept + result.slope * x)))
    # at the maximum the score equations hold: sum(y - p) = 0 and sum((y - p) x) = 0
    assert abs(np.sum(y - p)) < 1e-6 and abs(np.sum((y - p) * x)) < 1e-5
    assert result.intercept + result.slope * result.cut == pytest.approx(0, abs=1e-9)
