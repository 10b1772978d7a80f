"""Scoring option responses: codes, keys, omitted and not reached kept apart from wrong."""

import numpy as np
import pytest

from hallmark.psychometrics import (
    NOT_REACHED,
    OMITTED,
    EncodedResponses,
    ScoringResult,
    encode_options,
    score_responses,
    scores_to_result,
)

nan = np.nan

# Four candidates, four items. Key: Q1 A, Q2 B or C (after a rekey), Q3 D, Q4 dropped (*).
RESPONSES = np.array(
    [
        ["A", "B", "D", "A"],  # right, right, right      -> raw 3
        ["B", "", "D", ""],  # wrong, omitted, right     -> raw 1 (Q4 trailing, dropped anyway)
        ["C", "C", "", ""],  # wrong, right, not reached -> raw 1
        [".", "A", "B", "C"],  # not reached (explicit ".") , wrong, wrong -> raw 0
    ]
)
KEY = {"Q1": "A", "Q2": "B|C", "Q3": {"D"}, "Q4": "*"}
ITEMS = ["Q1", "Q2", "Q3", "Q4"]


def scored() -> ScoringResult:
    return score_responses(RESPONSES, KEY, items=ITEMS)


def test_it_encodes_options_as_sorted_small_codes() -> None:
    encoded = encode_options([["B", "A", ""], ["C", ".", "A"]])
    assert encoded.options == ["A", "B", "C"]
    assert encoded.codes.dtype == np.uint8
    # row 1: the trailing blank is not reached; row 2: "." is not reached
    assert encoded.codes.tolist() == [[2, 1, NOT_REACHED], [3, NOT_REACHED, 1]]


def test_it_keeps_omits_that_are_followed_by_answers() -> None:
    encoded = encode_options([["", "A", "", "B", "", ""]])
    assert encoded.codes.tolist() == [[OMITTED, 1, OMITTED, 2, NOT_REACHED, NOT_REACHED]]
    raw = encode_options([["", "A", "", "B", "", ""]], trailing_not_reached=False)
    assert raw.codes.tolist() == [[OMITTED, 1, OMITTED, 2, OMITTED, OMITTED]]


def test_a_record_with_no_answer_reached_nothing() -> None:
    assert encode_options([["", "", ""]]).codes.tolist() == [[NOT_REACHED] * 3]


def test_a_blank_before_an_explicit_not_reached_code_is_not_reached() -> None:
    assert encode_options([["A", "", "."]]).codes.tolist() == [[1, NOT_REACHED, NOT_REACHED]]


def test_encoded_responses_decode_back_to_labels() -> None:
    labels = [["B", "", "A"], ["C", ".", "."]]
    encoded = encode_options(labels, trailing_not_reached=False)
    assert encoded.decode().tolist() == labels


def test_encoded_responses_refuse_codes_without_labels() -> None:
    with pytest.raises(ValueError, match="codes holds 3"):
        EncodedResponses(np.array([[1, 3]], dtype=np.uint8), ["A", "B"])
    with pytest.raises(TypeError, match="uint8"):
        EncodedResponses(np.array([[1, 2]]), ["A", "B"])
    with pytest.raises(ValueError, match="repeated"):
        EncodedResponses(np.array([[1]], dtype=np.uint8), ["A", "A"])


def test_it_scores_right_wrong_and_missing() -> None:
    result = scored()
    assert result.items == ["Q1", "Q2", "Q3"]
    assert result.dropped == ["Q4"]
    np.testing.assert_array_equal(
        result.scores,
        [[1, 1, 1], [0, nan, 1], [0, 1, nan], [nan, 0, 0]],
    )
    assert result.omitted.tolist() == [
        [False, False, False],
        [False, True, False],
        [False, False, False],
        [False, False, False],
    ]
    assert result.not_reached.tolist() == [
        [False, False, False],
        [False, False, False],
        [False, False, True],
        [True, False, False],
    ]


def test_the_raw_score_counts_missing_as_wrong() -> None:
    assert scored().raw_scores.tolist() == [3, 1, 1, 0]


def test_it_keeps_the_option_each_candidate_chose() -> None:
    result = scored()
    assert result.options == ["A", "B", "C", "D"]
    assert result.codes[0].tolist() == [1, 2, 4]  # A, B, D
    assert result.keys == [frozenset({"A"}), frozenset({"B", "C"}), frozenset({"D"})]


def test_it_drops_items_named_in_the_dropped_argument() -> None:
    result = score_responses(RESPONSES, KEY, items=ITEMS, dropped=["Q1"])
    assert result.items == ["Q2", "Q3"]
    assert result.dropped == ["Q1", "Q4"]
    assert result.raw_scores.tolist() == [2, 1, 1, 0]


def test_a_key_option_nobody_chose_scores_everyone_wrong() -> None:
    result = score_responses([["A"], ["B"]], {"Q1": "E"}, items=["Q1"])
    assert result.scores[:, 0].tolist() == [0.0, 0.0]


def test_a_sequence_key_follows_the_columns() -> None:
    result = score_responses([["A", "B"], ["B", "B"]], ["A", "B"])
    assert result.items == ["item1", "item2"]
    assert result.raw_scores.tolist() == [2, 1]


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ({"Q1": "A", "Q2": "B", "Q3": "D"}, "no entry for item"),
        ({**KEY, "Q9": "A"}, "not in the responses: Q9"),
        ({**KEY, "Q1": "A|"}, "blank or reserved option"),
        (["A", "B"], "one entry per item"),
    ],
)
def test_it_names_what_is_wrong_with_a_key(key: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        score_responses(RESPONSES, key, items=ITEMS)  # type: ignore[arg-type]


def test_it_refuses_bad_weights_and_unknown_dropped_items() -> None:
    with pytest.raises(ValueError, match="weights must have one value per candidate"):
        score_responses(RESPONSES, KEY, items=ITEMS, weights=[1, 2])
    with pytest.raises(ValueError, match="positive finite"):
        score_responses(RESPONSES, KEY, items=ITEMS, weights=[1, 0, 1, 1])
    with pytest.raises(ValueError, match="'Q7', which is not an item"):
        score_responses(RESPONSES, KEY, items=ITEMS, dropped=["Q7"])


def test_scores_wrap_with_nan_as_not_reached() -> None:
    result = scores_to_result(np.array([[1, 0], [nan, 1]]), items=["a", "b"])
    assert result.not_reached.tolist() == [[False, False], [True, False]]
    assert result.raw_scores.tolist() == [1, 1]
    assert not result.option_data


def test_scores_must_be_zero_one_or_nan() -> None:
    with pytest.raises(ValueError, match=r"scores\[1, 0\] is 2.0"):
        scores_to_result(np.array([[1, 0], [2, 1]]))
