"""Classical item analysis: statistics worked by hand, flags, and invariances."""

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hallmark.psychometrics import (
    DegenerateDataWarning,
    EncodedResponses,
    FlagRules,
    ItemAnalysis,
    encode_options,
    item_analysis,
    score_responses,
)

# Ten candidates, four items, all keyed A. Q4 is the item worked by hand below.
HAND = [
    ["B", "B", "B", "B"],  # c0  X = 0
    ["A", "B", "B", "C"],  # c1  X = 1
    ["A", "B", "B", "D"],  # c2  X = 1
    ["A", "A", "B", "B"],  # c3  X = 2
    ["A", "A", "B", "C"],  # c4  X = 2
    ["A", "B", "B", "A"],  # c5  X = 2
    ["A", "A", "B", "A"],  # c6  X = 3
    ["A", "A", "A", "C"],  # c7  X = 3
    ["A", "A", "A", "A"],  # c8  X = 4
    ["A", "A", "A", "A"],  # c9  X = 4
]
HAND_KEY = {"Q1": "A", "Q2": "A", "Q3": "A", "Q4": "A"}
HAND_ITEMS = ["Q1", "Q2", "Q3", "Q4"]
EXACT = 1e-12


def hand() -> ItemAnalysis:
    return item_analysis(np.array(HAND), HAND_KEY, items=HAND_ITEMS)


def test_q4_p_and_corrected_point_biserial_by_hand() -> None:
    # u = 0 0 0 0 0 1 1 0 1 1 (p = .4); rest Y = X - u = 0 1 1 2 2 1 2 3 3 3 (mean 1.8)
    # cov(u, Y) = E[uY] - .4 * 1.8 = (1 + 2 + 3 + 3)/10 - .72 = .18
    # var u = .24; var Y = 42/10 - 1.8^2 = .96; r = .18 / sqrt(.24 * .96) = .18/.48 = .375
    q4 = hand().item("Q4")
    assert q4.n == 10
    assert q4.p == pytest.approx(0.4, abs=EXACT)
    assert q4.r_pbis == pytest.approx(0.375, abs=EXACT)


def test_q4_biserial_by_hand() -> None:
    # normal table: the z cutting off p = .40 above it is -.2533, ordinate .3863
    # r_bis = .375 * sqrt(.4 * .6) / .3863 = .375 * .48990 / .3863 = .4756
    assert hand().item("Q4").biserial == pytest.approx(0.4756, abs=5e-4)


def test_q4_distractors_by_hand() -> None:
    # 27% of 10 = 2.7 candidates per group. Lower: X = 0 (c0) whole, X = 1 (c1, c2) at .85
    # each. Upper: X = 4 (c8, c9) whole, X = 3 (c6, c7) at .35 each.
    # Lower: B 1/2.7, C .85/2.7, D .85/2.7. Upper: A (2 + .35)/2.7, C .35/2.7.
    # Option-rest r with Y above (var .96): C: d = c1 c4 c7, cov = (1 + 2 + 3)/10 - .3 * 1.8 = .06,
    # r = .06 / sqrt(.21 * .96); B: cov = (0 + 2)/10 - .2 * 1.8 = -.16, r = -.16 / sqrt(.16 * .96);
    # D: cov = 1/10 - .1 * 1.8 = -.08, r = -.08 / sqrt(.09 * .96).
    options = {o.option: o for o in hand().item("Q4").options}
    assert [o.key for o in options.values()] == [True, False, False, False]
    expected = {
        "A": (0.4, 2.35 / 2.7, 0.0, 0.375),
        "B": (0.2, 0.0, 1 / 2.7, -0.16 / np.sqrt(0.16 * 0.96)),
        "C": (0.3, 0.35 / 2.7, 0.85 / 2.7, 0.06 / np.sqrt(0.21 * 0.96)),
        "D": (0.1, 0.0, 0.85 / 2.7, -0.08 / np.sqrt(0.09 * 0.96)),
    }
    for label, (share, upper, lower, r) in expected.items():
        got = options[label]
        assert (got.share, got.upper, got.lower, got.r_rest) == pytest.approx(
            (share, upper, lower, r), abs=EXACT
        )
    assert hand().item("Q4").flags == ()


def test_omits_count_as_wrong_and_unreached_responses_are_left_out() -> None:
    # Q1 answers: A (right), blank then an answer (omit), B (wrong), "." (not reached), A.
    responses = [["A", "A", "B"], ["", "A", "A"], ["B", "A", "B"], [".", "A", "A"], ["A", "B", "B"]]
    key = {"Q1": "A", "Q2": "A", "Q3": "A"}
    q1 = item_analysis(np.array(responses), key, items=list(key)).item("Q1")
    assert q1.n == 4  # the unreached candidate is out
    assert q1.p == pytest.approx(2 / 4, abs=EXACT)  # the omit counts as wrong
    assert q1.omitted == pytest.approx(1 / 4, abs=EXACT)
    assert q1.not_reached == pytest.approx(1 / 5, abs=EXACT)


def weighted_corr(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> float:
    ma, mb = np.average(a, weights=w), np.average(b, weights=w)
    cov = np.average((a - ma) * (b - mb), weights=w)
    return float(
        cov / np.sqrt(np.average((a - ma) ** 2, weights=w) * np.average((b - mb) ** 2, weights=w))
    )


def test_it_agrees_with_a_candidate_by_candidate_computation() -> None:
    rng = np.random.default_rng(11)
    n, k = 600, 12
    theta = rng.standard_normal(n)
    right = rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - rng.normal(size=k))))
    labels = np.where(
        right, "A", rng.choice(["B", "C", "D", ""], size=(n, k), p=[0.3, 0.3, 0.3, 0.1])
    )
    labels[rng.random(n) < 0.1, -3:] = ""  # some candidates run out of time
    weights = rng.integers(1, 4, n).astype(float)
    key = {f"Q{j}": "A" for j in range(k)}
    result = item_analysis(labels, key, weights=weights, items=list(key))
    scored = score_responses(labels, key, items=list(key))
    u = (scored.codes == 1).astype(float)  # option A is code 1
    x = u.sum(axis=1)
    for j, stats in enumerate(result.items):
        reached = ~scored.not_reached[:, j]
        w = weights[reached]
        assert stats.n == pytest.approx(w.sum())
        assert stats.p == pytest.approx(np.average(u[reached, j], weights=w), abs=1e-12)
        rest = x[reached] - u[reached, j]
        assert stats.r_pbis == pytest.approx(weighted_corr(u[reached, j], rest, w), abs=1e-10)
        for option in stats.options:
            chose = (scored.codes[reached, j] == scored.options.index(option.option) + 1) * 1.0
            assert option.r_rest == pytest.approx(weighted_corr(chose, rest, w), abs=1e-10)


def flagged_data() -> tuple[np.ndarray, dict[str, str]]:
    rng = np.random.default_rng(5)
    n = 500
    theta = rng.standard_normal(n)
    good = [
        np.where(rng.random(n) < 1 / (1 + np.exp(-2 * (theta - b))), "A", rng.choice(["B", "C"], n))
        for b in np.linspace(-0.8, 0.5, 20)
    ]
    # MISKEY: the able choose B, the key says A, which only some weak candidates choose
    miskey = np.where(theta > -0.5, "B", np.where(rng.random(n) < 0.5, "A", "C"))
    easy = np.where(rng.random(n) < 0.99, "A", "B")  # p about .99
    noise = rng.choice(["A", "B", "C", "D"], n)  # p about .25 and no discrimination
    columns = np.column_stack([*good, miskey, easy, noise])
    key = {f"G{j}": "A" for j in range(20)} | {"MISKEY": "A", "EASY": "A", "NOISE": "A"}
    return columns, key


def test_it_flags_items_with_their_reasons() -> None:
    columns, key = flagged_data()
    result = item_analysis(columns, key, items=list(key))
    miskey = result.item("MISKEY")
    assert {"p_low", "r_low", "distractor_upper", "miskey"} <= set(miskey.flag_codes)
    assert "option B" in next(f.text for f in miskey.flags if f.code == "miskey")
    assert "p_high" in result.item("EASY").flag_codes
    assert "p_low" in result.item("NOISE").flag_codes
    assert [s.item for s in result.flagged()] == ["MISKEY", "EASY", "NOISE"]


def test_the_thresholds_are_parameters() -> None:
    columns, key = flagged_data()
    strict = item_analysis(columns, key, items=list(key), rules=FlagRules(p_high=0.999))
    assert "p_high" not in strict.item("EASY").flag_codes


def test_degenerate_items_are_named_in_a_warning_and_get_nan() -> None:
    responses = np.array([["A", "A", "B"], ["A", "B", "A"], ["A", "A", "A"]])
    with pytest.warns(DegenerateDataWarning, match="Q1"):
        result = item_analysis(
            responses, {"Q1": "A", "Q2": "A", "Q3": "A"}, items=["Q1", "Q2", "Q3"]
        )
    assert result.item("Q1").p == 1.0
    assert np.isnan(result.item("Q1").r_pbis)
    assert np.isnan(result.item("Q1").biserial)


def test_an_item_nobody_reached_is_flagged_no_data() -> None:
    responses = np.array([["A", "B", "."], ["B", "A", "."], ["A", "A", "."], ["B", "B", "."]])
    key = {"Q1": "A", "Q2": "A", "Q3": "A"}
    with pytest.warns(DegenerateDataWarning, match="no candidate reached item"):
        result = item_analysis(responses, key, items=list(key))
    assert result.item("Q3").flag_codes == ("no_data",)
    assert np.isnan(result.item("Q3").p)


def test_scored_data_has_no_distractor_analysis() -> None:
    x = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=float)
    result = item_analysis(x)
    assert not result.option_data
    assert all(s.options == () for s in result.items)
    assert result.items[0].p == pytest.approx(3 / 5)


def test_rows_and_dict_are_json_ready() -> None:
    result = hand()
    rows = result.to_rows()
    assert rows[3]["item"] == "Q4"
    assert rows[3]["p"] == pytest.approx(0.4)
    document = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert document["items"][3]["options"][2]["option"] == "C"
    assert document["reliability"]["n_items"] == 4


def test_it_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="cut must be a raw score between 0 and 4"):
        item_analysis(np.array(HAND), HAND_KEY, items=HAND_ITEMS, cut=9)
    with pytest.raises(ValueError, match="key is required"):
        item_analysis(encode_options(HAND))
    with pytest.raises(ValueError, match="group_fraction"):
        item_analysis(
            np.array(HAND), HAND_KEY, items=HAND_ITEMS, rules=FlagRules(group_fraction=0.6)
        )


# ---------------------------------------------------------------------------------------------
# invariances (hypothesis)

responses = arrays(
    np.dtype("<U1"),
    st.tuples(st.integers(3, 20), st.integers(3, 6)),
    elements=st.sampled_from(["A", "B", "C", ""]),
)


def analyse(x: np.ndarray, weights: np.ndarray | None = None) -> ItemAnalysis:
    key = {f"Q{j}": "A" for j in range(x.shape[1])}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        return item_analysis(x, key, weights=weights, items=list(key))


def numbers(stats: object) -> list[float]:
    """Every number of an item's statistics, flags as text, in a fixed order."""
    s = stats  # ItemStats
    values = [s.n, s.p, s.r_pbis, s.biserial, s.omitted, s.not_reached]  # type: ignore[attr-defined]
    for o in s.options:  # type: ignore[attr-defined]
        values += [o.count, o.share, o.upper, o.lower, o.r_rest]
    return values


def assert_same_items(a: list, b: list) -> None:
    for x, y in zip(a, b, strict=True):
        assert x.item == y.item
        assert [o.option for o in x.options] == [o.option for o in y.options]
        np.testing.assert_allclose(numbers(x), numbers(y), atol=1e-9, equal_nan=True)
        assert x.flag_codes == y.flag_codes


@settings(max_examples=60, deadline=None)
@given(x=responses, data=st.data())
def test_permuting_candidates_changes_nothing(x: np.ndarray, data: st.DataObject) -> None:
    order = np.array(data.draw(st.permutations(range(len(x)))))
    assert_same_items(analyse(x).items, analyse(x[order]).items)


@settings(max_examples=60, deadline=None)
@given(x=responses, data=st.data())
def test_permuting_items_permutes_the_results_and_nothing_else(
    x: np.ndarray, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(x.shape[1])))
    key = {f"Q{j}": "A" for j in range(x.shape[1])}
    names = list(key)
    # which blanks are trailing depends on item order, so code them once, then permute
    encoded = encode_options(x)
    permuted = EncodedResponses(np.ascontiguousarray(encoded.codes[:, order]), encoded.options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        before = item_analysis(encoded, key, items=names)
        after = item_analysis(permuted, key, items=[names[j] for j in order])
    assert_same_items([before.items[j] for j in order], after.items)
    # Summing the items in another order moves an alpha of 0 by rounding (4e-16 against 3e-16).
    np.testing.assert_allclose(
        before.reliability.alpha, after.reliability.alpha, atol=1e-12, equal_nan=True
    )


@settings(max_examples=60, deadline=None)
@given(x=responses, data=st.data())
def test_pattern_frequencies_equal_expanded_rows(x: np.ndarray, data: st.DataObject) -> None:
    counts = np.array(data.draw(st.lists(st.integers(1, 4), min_size=len(x), max_size=len(x))))
    weighted = analyse(x, counts.astype(float))
    expanded = analyse(np.repeat(x, counts, axis=0))
    assert_same_items(weighted.items, expanded.items)
    np.testing.assert_allclose(
        weighted.reliability.alpha, expanded.reliability.alpha, atol=1e-9, equal_nan=True
    )
