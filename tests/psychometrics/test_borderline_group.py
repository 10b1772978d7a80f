"""The borderline group on a small example worked by hand.

Judges call five candidates borderline; their raw scores are 4 5 5 6 9.

    median                 5
    mean                   29 / 5 = 5.8
    sd (n - 1)             sqrt((3.24 + .64 + .64 + .04 + 10.24) / 4) = sqrt(3.7) = 1.923538
    se of the mean         1.923538 / sqrt(5) = 0.860233
"""

import math

import pytest

from hallmark.psychometrics import DegenerateDataWarning, borderline_group

SCORES = [9, 5, 4, 6, 5]


def test_the_cut_is_the_median_borderline_score() -> None:
    result = borderline_group(SCORES)
    assert result.statistic == "median" and result.cut == 5 and result.raw_cut == 5
    assert result.mean == pytest.approx(5.8)
    assert result.sd == pytest.approx(1.923538, abs=1e-6)
    assert result.se == pytest.approx(0.860233, abs=1e-6)
    assert result.n == 5


def test_or_the_mean_rounded_up_to_a_whole_raw_cut() -> None:
    result = borderline_group(SCORES, "mean")
    assert result.cut == pytest.approx(5.8) and result.raw_cut == 6
    assert result.to_dict()["raw_cut"] == 6


def test_one_borderline_candidate_has_no_spread() -> None:
    with pytest.warns(DegenerateDataWarning, match="one borderline candidate"):
        result = borderline_group([7])
    assert result.cut == 7 and math.isnan(result.sd) and math.isnan(result.se)


@pytest.mark.parametrize(
    ("scores", "kwargs", "message"),
    [
        ([], {}, "no candidates judged borderline"),
        ([3, math.inf], {}, r"borderline: score 2 \(inf\)"),
        ([3, 4], {"statistic": "mode"}, "statistic must be median or mean"),
    ],
)
def test_it_refuses_bad_input(scores, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        borderline_group(scores, **kwargs)
