"""Items scored in points (a credit matrix): multiple response, all or nothing and partial."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallmark.psychometrics import (
    Credit,
    angoff,
    item_analysis,
    reliability,
    response_set_credit,
    score_responses,
    scores_to_result,
)

# Five candidates; Q1 key A, Q2 key B, Q3 a multiple-response item keyed A and C.
RESPONSES = np.array(
    [
        ["A", "B", "A|C"],  # 1 + 1 + 2 (both keys)            -> 4
        ["A", "C", "A"],  # 1 + 0 + 1 (one key)               -> 2
        ["B", "B", "A|B|C"],  # 0 + 1 + (2 keys - 1 wrong) = 1 -> 2
        ["B", "C", "B|D"],  # 0 + 0 + max(0, 0 - 2) = 0         -> 0
        ["A", "B", "C"],  # 1 + 1 + 1                         -> 3
    ]
)
ITEMS = ["Q1", "Q2", "Q3"]


def _key(partial: bool) -> dict[str, object]:
    credit = response_set_credit({"A", "C"}, RESPONSES[:, 2], partial=partial)
    return {"Q1": "A", "Q2": "B", "Q3": credit}


def test_partial_credit_is_a_point_per_key_less_one_per_wrong_choice_floored_at_zero() -> None:
    credit = response_set_credit(["C", "A"], ["A|C", "A", "A|B|C", "B|D", "C", ""], partial=True)
    assert credit.maximum == 2
    assert dict(credit.points) == {"A|C": 2, "A": 1, "A|B|C": 1, "B|D": 0, "C": 1}
    assert credit.keys == {"A|C"}


def test_all_or_nothing_credit_is_one_point_for_exactly_the_keys() -> None:
    credit = response_set_credit(["A", "C"], ["A|C", "A", "A|B|C"], partial=False)
    assert credit.maximum == 1
    assert dict(credit.points) == {"A|C": 1, "A": 0, "A|B|C": 0}


def test_raw_scores_sum_points_and_the_maximum_sums_item_maxima() -> None:
    partial = score_responses(RESPONSES, _key(True), items=ITEMS)
    assert partial.raw_scores.tolist() == [4, 2, 2, 0, 3]
    assert partial.max_raw == 4
    assert partial.maxima.tolist() == [1, 1, 2]
    assert partial.scores[:, 2].tolist() == [1.0, 0.5, 0.5, 0.0, 0.5]
    strict = score_responses(RESPONSES, _key(False), items=ITEMS)
    assert strict.raw_scores.tolist() == [3, 1, 1, 0, 2]
    assert strict.max_raw == 3
    assert not strict.polytomous


def test_a_partial_credit_item_is_analysed_on_its_score() -> None:
    stats = item_analysis(score_responses(RESPONSES, _key(True), items=ITEMS)).item("Q3")
    assert stats.maximum == 2
    assert stats.p == pytest.approx(5 / 10)  # mean score 1 of 2
    # item scores u = 2 1 1 0 1, rest scores y = 2 1 1 0 2: cov .4, var u .4, var y .56
    assert stats.r_pbis == pytest.approx(0.4 / np.sqrt(0.4 * 0.56))
    assert np.isnan(stats.biserial)


def test_the_option_table_of_a_multiple_response_item_lists_each_option() -> None:
    stats = item_analysis(score_responses(RESPONSES, _key(True), items=ITEMS)).item("Q3")
    shares = {o.option: (o.share, o.key) for o in stats.options}
    assert shares == {
        "A": (pytest.approx(0.6), True),
        "B": (pytest.approx(0.4), False),
        "C": (pytest.approx(0.6), True),
        "D": (pytest.approx(0.2), False),
    }
    # raw scores 4 3 2 2 0: the upper 27% (1.35 candidates) is the 4 and .35 of the 3
    option_a = next(o for o in stats.options if o.option == "A")
    assert option_a.upper == pytest.approx(1 / 1.35)
    assert option_a.lower == pytest.approx(0.35 / 1.35)  # the 0, then .35 of the 2s (both A)


def test_alpha_uses_the_variance_of_each_items_points() -> None:
    points = np.array([[1, 1, 2], [1, 0, 1], [0, 1, 1], [0, 0, 0], [1, 1, 1]], dtype=float)
    total = points.sum(axis=1)
    expected = 3 / 2 * (1 - points.var(axis=0).sum() / total.var())
    result = reliability(score_responses(RESPONSES, _key(True), items=ITEMS))
    assert result.alpha == pytest.approx(expected)
    assert np.isnan(result.kr21)
    assert result.max_points == 4


def test_a_credit_refuses_points_outside_zero_to_its_maximum() -> None:
    with pytest.raises(ValueError, match="from 0 to 2"):
        Credit({"A|C": 2, "A": 3}, 2)
    with pytest.raises(ValueError, match="maximum"):
        Credit({"A": 1}, 0)


def test_points_wrap_as_a_scoring_result_with_each_items_maximum() -> None:
    points = np.array([[1, 1, 2], [1, 0, 1], [0, 1, 1], [0, 0, 0], [1, 1, 1]], dtype=float)
    wrapped = scores_to_result(points, items=ITEMS, maxima=[1, 1, 2])
    assert wrapped.raw_scores.tolist() == [4, 2, 2, 0, 3]
    stats = item_analysis(wrapped).item("Q3")
    assert stats.p == pytest.approx(0.5)
    assert stats.r_pbis == pytest.approx(0.4 / np.sqrt(0.4 * 0.56))
    with pytest.raises(ValueError, match="whole points"):
        scores_to_result(points, items=ITEMS, maxima=[1, 1, 1])


def test_an_angoff_rating_of_a_partial_credit_item_is_a_share_of_its_points() -> None:
    result = angoff([[0.5, 0.5], [0.7, 0.3]], points=[1, 2])
    assert result.panelist_sums.tolist() == pytest.approx([1.5, 1.3])  # .5 + .5 x 2, .7 + .3 x 2
    assert result.cut == pytest.approx(1.4)
    assert result.percent_cut == pytest.approx(100 * 1.4 / 3)
    assert angoff([[0.5, 0.5], [0.7, 0.3]]).cut == pytest.approx(1.0)
    with pytest.raises(ValueError, match="worth of 1 or more"):
        angoff([[0.5, 0.5]], points=[1, 0])


@given(
    keys=st.sets(st.sampled_from("ABCDEF"), min_size=1, max_size=5),
    chosen=st.lists(st.sets(st.sampled_from("ABCDEF"), min_size=1), min_size=1, max_size=8),
)
def test_full_partial_credit_is_exactly_the_keys_which_all_or_nothing_rewards(
    keys: set[str], chosen: list[set[str]]
) -> None:
    answers = ["|".join(sorted(c)) for c in chosen]
    partial = response_set_credit(keys, answers, partial=True)
    strict = response_set_credit(keys, answers, partial=False)
    for answer, options in zip(answers, chosen, strict=True):
        points = partial.points[answer]
        assert 0 <= points <= len(keys)
        assert points == max(0, len(options & keys) - len(options - keys))
        assert (points == len(keys)) == (options == keys) == (strict.points[answer] == 1)
