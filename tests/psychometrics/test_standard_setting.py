"""The Angoff and Hofstee arithmetic on small examples worked by hand.

Angoff: three panelists rate four items.

    panelist   item 1  item 2  item 3  item 4   sum
    P1          .60     .70     .80     .50     2.60
    P2          .50     .70     .80     .40     2.40
    P3          .70     .70     .80     .60     2.80

    mean of the sums (the cut)      (2.60 + 2.40 + 2.80) / 3 = 2.60
    sd of the sums (n - 1)          sqrt((0 + .04 + .04) / 2) = 0.20
    standard error                  0.20 / sqrt(3) = 0.11547
    item means                      .60 .70 .80 .50
    item sds                        .10 .00 .00 .10   (mean .05)

Hofstee: ten candidates on a ten-item form score 3 4 5 5 6 6 7 7 8 9. The panel's means:
cut between 50% and 80% correct, fail rate between 10% and 50%.

    raw cut   percent   failing (score below the cut)   line 50 - (4/3)(x - 50)
      5         50        3, 4          -> 20%            50.00
      6         60        3, 4, 5, 5    -> 40%            36.67

    The curve crosses the line between 50% and 60%: with x = 50 + t,
    20 + 2t = 50 - 4t/3, so t = 9: the cut is 59% correct, raw 5.9, a whole raw cut of 6,
    where 40% fail.
"""

import math
import warnings

import numpy as np
import pytest

from hallmark.psychometrics import (
    DegenerateDataWarning,
    angoff,
    hofstee,
    pass_rate,
    raw_cut_from,
)

RATINGS = [
    [0.60, 0.70, 0.80, 0.50],
    [0.50, 0.70, 0.80, 0.40],
    [0.70, 0.70, 0.80, 0.60],
]
SCORES = [3, 4, 5, 5, 6, 6, 7, 7, 8, 9]


def test_it_sums_each_panelist_and_takes_the_mean() -> None:
    result = angoff(RATINGS)
    np.testing.assert_allclose(result.panelist_sums, [2.60, 2.40, 2.80])
    assert result.cut == pytest.approx(2.60)
    assert result.raw_cut == 3
    assert result.percent_cut == pytest.approx(65.0)


def test_it_gives_the_spread_and_standard_error_across_panelists() -> None:
    result = angoff(RATINGS)
    assert result.sd == pytest.approx(0.20)
    assert result.se == pytest.approx(0.20 / math.sqrt(3))
    low, high = result.confidence_interval()
    assert (low, high) == pytest.approx((2.60 - 1.96 * 0.11547, 2.60 + 1.96 * 0.11547), abs=1e-5)


def test_it_reports_item_means_and_agreement() -> None:
    result = angoff(RATINGS)
    np.testing.assert_allclose(result.item_means, [0.60, 0.70, 0.80, 0.50])
    np.testing.assert_allclose(result.item_sds, [0.10, 0.0, 0.0, 0.10], atol=1e-12)
    assert result.mean_item_sd == pytest.approx(0.05)


def test_it_counts_not_sure_marks_per_item() -> None:
    marks = [[True, False, False, False], [True, False, False, True], [False] * 4]
    assert angoff(RATINGS, marks).not_sure.tolist() == [2, 0, 0, 1]


def test_it_projects_the_pass_rate_at_the_cut() -> None:
    # 2.6 rounds up to 3: candidates scoring 3 or more of 4 pass.
    assert angoff(RATINGS).projected_pass_rate([1, 2, 3, 4, 3]) == pytest.approx(0.6)
    assert pass_rate(SCORES, 5.9) == pytest.approx(0.6)
    assert raw_cut_from(6.0) == 6
    assert raw_cut_from(5.0000000001) == 5


def test_it_refuses_ratings_it_cannot_use() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        angoff([[0.5, 1.2]])
    with pytest.raises(ValueError, match="every panelist rates every item"):
        angoff([[0.5, np.nan]])
    with pytest.raises(ValueError, match="2-D"):
        angoff([0.5, 0.6])


def test_one_panelist_has_no_standard_error() -> None:
    with pytest.warns(DegenerateDataWarning, match="one panelist"):
        result = angoff([[0.5, 0.6]])
    assert result.cut == pytest.approx(1.1)
    assert math.isnan(result.se)


def test_the_hofstee_line_crosses_the_fail_rates_at_the_hand_worked_cut() -> None:
    result = hofstee(SCORES, 10, [50, 80, 10, 50])
    assert result.intersects
    assert result.percent_cut == pytest.approx(59.0)
    assert result.cut == pytest.approx(5.9)
    assert result.raw_cut == 6
    assert result.fail_rate == pytest.approx(40.0)


def test_the_hofstee_inputs_are_the_panel_means() -> None:
    # Two panelists whose means are the example's 50, 80, 10, 50.
    result = hofstee(SCORES, 10, [[40, 70, 5, 40], [60, 90, 15, 60]])
    assert (result.lowest_cut, result.highest_cut) == (50, 80)
    assert (result.lowest_fail, result.highest_fail) == (10, 50)
    assert result.percent_cut == pytest.approx(59.0)


def test_a_line_that_never_meets_the_curve_takes_the_nearer_end() -> None:
    # Everybody scores 10 of 10: nobody fails below 100%, the line stays above the curve.
    with pytest.warns(DegenerateDataWarning, match="does not cross"):
        result = hofstee([10] * 5, 10, [50, 80, 10, 50])
    assert not result.intersects
    assert result.percent_cut == pytest.approx(80.0)


def test_hofstee_refuses_backwards_judgements() -> None:
    with pytest.raises(ValueError, match="lowest acceptable cut"):
        hofstee(SCORES, 10, [80, 50, 10, 50])
    with pytest.raises(ValueError, match="between 0 and 10"):
        hofstee([11], 10, [50, 80, 10, 50])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hofstee(SCORES, 10, [50, 80, 10, 50])  # a clean crossing warns of nothing
