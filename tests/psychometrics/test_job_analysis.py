"""Job analysis survey statistics: descriptives, inclusion, subgroups, ICCs, alpha, weights."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from hallmark.psychometrics._warnings import DegenerateDataWarning
from hallmark.psychometrics.apportion import largest_remainder
from hallmark.psychometrics.job_analysis import (
    FREQUENCY,
    IMPORTANCE,
    Inclusion,
    InclusionCriteria,
    Scale,
    coefficient_alpha,
    icc,
    inclusion,
    representativeness,
    statement_statistics,
    subgroup_agreement,
    weights,
)

NAN = np.nan

# Shrout & Fleiss (1979), Table 4: 6 targets rated by 4 judges on a 1-10 scale.
SHROUT_FLEISS = np.array(
    [
        [9, 2, 5, 8],
        [6, 1, 3, 2],
        [8, 4, 6, 8],
        [7, 1, 2, 6],
        [10, 5, 6, 9],
        [6, 2, 4, 7],
    ],
    dtype=float,
)
TEN_POINT = Scale("rating", 0, 10)


# -- statement statistics ------------------------------------------------------------------


def _survey():
    importance = np.array(
        [
            [1, 4, NAN, 0],
            [2, 3, NAN, NAN],
            [2, 4, 3, NAN],
            [3, 2, NAN, NAN],
            [4, NAN, NAN, NAN],
            [NAN, 3, NAN, NAN],
        ]
    )
    frequency = np.array(
        [
            [0, 5, NAN, 0],
            [1, 4, NAN, NAN],
            [0, 3, 2, NAN],
            [2, 0, NAN, NAN],
            [5, NAN, NAN, NAN],
            [NAN, 2, NAN, NAN],
        ]
    )
    return statement_statistics(
        {"importance": importance, "frequency": frequency},
        statements=["T1.1", "T1.2", "T2.1", "T2.2"],
    )


def test_means_sds_and_intervals_match_numpy_and_scipy_computed_apart():
    s = _survey()
    imp = s["importance"]
    for j, name in enumerate(["T1.1", "T1.2"]):
        column = np.array([[1, 2, 2, 3, 4], [4, 3, 4, 2, 3]][j], dtype=float)
        n = column.size
        half = stats.t.ppf(0.975, n - 1) * column.std(ddof=1) / np.sqrt(n)
        st = imp[name]
        assert st.n == n
        assert st.mean == pytest.approx(column.mean(), abs=1e-12)
        assert st.sd == pytest.approx(column.std(ddof=1), abs=1e-12)
        assert (st.ci_low, st.ci_high) == pytest.approx(
            (column.mean() - half, column.mean() + half), abs=1e-12
        )


def test_the_t_interval_of_a_five_rating_statement_is_the_hand_computed_one():
    # T1.1's importance: 1, 2, 2, 3, 4 (a NaN left out). n = 5, mean = 12 / 5 = 2.4,
    # SD = sqrt(5.2 / 4) = 1.140175, t(0.975, 4) = 2.776445,
    # half width = 2.776445 * 1.140175 / sqrt(5) = 1.415715: the interval is 0.984285 to 3.815715.
    st = _survey()["importance"]["T1.1"]
    assert st.mean == pytest.approx(2.4)
    assert st.sd == pytest.approx(1.140175, abs=1e-6)
    assert st.ci_low == pytest.approx(0.984285, abs=1e-6)
    assert st.ci_high == pytest.approx(3.815715, abs=1e-6)


def test_a_narrower_confidence_gives_a_narrower_interval():
    ratings = {"importance": np.array([[1.0], [2], [2], [3], [4]])}
    wide = statement_statistics(ratings)["importance"]["S1"]
    narrow = statement_statistics(ratings, confidence=0.80)["importance"]["S1"]
    half = stats.t.ppf(0.90, 4) * wide.sd / np.sqrt(5)
    assert narrow.ci_high - narrow.mean == pytest.approx(half)
    assert narrow.ci_high < wide.ci_high


def test_statements_answered_by_fewer_than_two_get_no_sd_or_interval_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = _survey()
    one = s["importance"]["T2.1"]
    assert (one.n, one.mean, one.sd, one.ci_low, one.ci_high) == (1, 3.0, None, None, None)
    also_one = s["importance"]["T2.2"]
    assert (also_one.n, also_one.mean, also_one.sd) == (1, 0.0, None)
    empty = statement_statistics({"importance": np.array([[NAN, 1.0], [NAN, 2.0]])})
    nobody = empty["importance"]["S1"]
    assert (nobody.n, nobody.mean, nobody.sd, nobody.percent_performing) == (0, None, None, None)


def test_percent_performing_counts_ratings_above_never_among_those_answered():
    s = _survey()
    freq = s["frequency"]
    assert freq["T1.1"].percent_performing == pytest.approx(60.0)  # 1, 2, 5 of 0, 1, 0, 2, 5
    assert freq["T1.2"].percent_performing == pytest.approx(80.0)  # 5, 4, 3, 2 of five
    assert freq["T2.2"].percent_performing == 0.0
    assert s["importance"]["T1.1"].percent_performing is None  # not a frequency scale


def test_statistics_to_dict_carries_every_statement():
    d = _survey().to_dict()
    assert d["statements"] == ["T1.1", "T1.2", "T2.1", "T2.2"]
    assert [row["n"] for row in d["scales"]["importance"]["statements"]] == [5, 5, 1, 1]


# -- inclusion ------------------------------------------------------------------------------


def test_inclusion_passes_only_statements_meeting_every_criterion_and_says_why_not():
    # importance means 2.4, 3.2, 3.0, 0.0; performing 60%, 80%, 100%, 0%.
    criteria = InclusionCriteria(minimum_mean={"importance": 2.5}, minimum_percent_performing=65)
    result = inclusion(_survey(), criteria)
    assert [r.statement for r in result] == ["T1.1", "T1.2", "T2.1", "T2.2"]
    assert [r.included for r in result] == [False, True, True, False]
    assert result[0].reasons == ("mean importance 2.40 < 2.50", "performed by 60.0% < 65.0%")
    assert result[1].reasons == ()
    assert result[3].reasons == ("mean importance 0.00 < 2.50", "performed by 0.0% < 65.0%")


def test_inclusion_at_exactly_the_threshold_passes_and_a_mean_on_frequency_can_be_required():
    criteria = InclusionCriteria(
        minimum_mean={"importance": 2.4, "frequency": 2.0}, minimum_percent_performing=60
    )
    result = inclusion(_survey(), criteria)
    # T1.1: importance 2.4 (= minimum), frequency mean 1.6, performing 60% (= minimum).
    assert result[0].reasons == ("mean frequency 1.60 < 2.00",)
    assert result[1].included  # frequency mean 2.8


def test_inclusion_criteria_naming_an_absent_scale_are_refused():
    with pytest.raises(ValueError, match="'criticality'"):
        inclusion(_survey(), InclusionCriteria(minimum_mean={"criticality": 2}))
    with pytest.raises(ValueError, match="not a frequency scale"):
        inclusion(_survey(), InclusionCriteria(performance_scale="importance"))


# -- subgroup agreement ---------------------------------------------------------------------


def _subgroups():
    # 24 respondents: 12 in a community setting rate S1 3, 10 in a facility rate it 2, 2 at
    # home rate it 0; overall mean 56 / 24 = 2.333. On S2 all rate 2 except the facility, who
    # rate it 4, one of them not answering.
    setting = ["community"] * 12 + ["facility"] * 10 + ["home"] * 2
    s1 = [3.0] * 12 + [2.0] * 10 + [0.0] * 2
    s2 = [2.0] * 12 + [4.0] * 9 + [NAN] + [2.0] * 2
    region = ["north", "south"] * 12
    return np.column_stack([s1, s2]), {"setting": setting, "region": region}


def test_subgroups_far_from_the_overall_mean_are_flagged_and_small_ones_never():
    x, groups = _subgroups()
    result = subgroup_agreement(x, groups, threshold=0.5, statements=["T1", "T2"])
    assert [(c.statement, c.variable) for c in result] == [
        ("T1", "setting"),
        ("T1", "region"),
        ("T2", "setting"),
        ("T2", "region"),
    ]
    t1 = result[0]
    assert t1.overall_n == 24
    assert t1.overall_mean == pytest.approx(56 / 24)
    assert [(g.label, g.n) for g in t1.subgroups] == [
        ("community", 12),
        ("facility", 10),
        ("home", 2),
    ]
    assert [g.mean for g in t1.subgroups] == pytest.approx([3.0, 2.0, 0.0])
    # community differs by 0.667 (flagged), facility by 0.333 (not), home by 2.33 but n = 2 < 10.
    assert t1.flagged == ("community",)
    assert result[1].flagged == ()  # north and south rate alike
    # T2: overall 64 / 23 = 2.78; community's 2 is 0.78 below (flagged); facility's 4 is 1.22
    # above, but only 9 of them answered.
    t2 = result[2]
    assert t2.overall_mean == pytest.approx(64 / 23)
    assert t2.subgroups[1].n == 9
    assert t2.flagged == ("community",)
    flagged = subgroup_agreement(x, groups, threshold=0.5, min_n=9)[2].flagged
    assert flagged == ("community", "facility")
    assert subgroup_agreement(x, groups, threshold=1.5)[0].flagged == ()


def test_respondents_without_a_label_count_overall_but_in_no_subgroup():
    x, groups = _subgroups()
    groups["setting"] = [None] * 12 + groups["setting"][12:]
    t1 = subgroup_agreement(x, groups, threshold=0.5)[0]
    assert t1.overall_n == 24
    assert [g.label for g in t1.subgroups] == ["facility", "home"]
    assert t1.flagged == ()  # facility 2.0 vs 2.333
    assert t1.to_dict()["subgroups"][0] == {
        "label": "facility",
        "n": 10,
        "mean": 2.0,
        "flagged": False,
    }


def test_subgroup_labels_must_match_the_respondents():
    x, _ = _subgroups()
    with pytest.raises(ValueError, match="groups 'setting' has 3 labels but ratings have 24"):
        subgroup_agreement(x, {"setting": ["a", "b", "c"]}, threshold=0.5)


# -- ICCs and alpha -------------------------------------------------------------------------


def test_icc_reproduces_shrout_and_fleiss_worked_example():
    # Shrout & Fleiss (1979), Table 4 / p. 425: .17, .29, .71, .44, .62, .91. To four decimals,
    # psych::ICC(sf) in R (psych 2.4) gives ICC1 .1657, ICC2 .2898, ICC3 .7148, ICC1k .4428,
    # ICC2k .6201, ICC3k .9093, and to its printed digits the 95% intervals ICC1 [-.133, .72],
    # ICC2 [.019, .76], ICC3 [.342, .95], ICC1k [-.884, .91], ICC2k [.071, .93],
    # ICC3k [.676, .99]; Shrout & Fleiss (p. 426) print .019 to .76 for ICC(2,1).
    # Respondents are the judges, so the ratings matrix is the table transposed.
    r = icc(SHROUT_FLEISS.T, scale=TEN_POINT)
    assert (r.n_targets, r.n_judges, r.n_dropped) == (6, 4, 0)
    assert [r.icc1, r.icc2, r.icc3, r.icc1k, r.icc2k, r.icc3k] == pytest.approx(
        [0.1657, 0.2898, 0.7148, 0.4428, 0.6201, 0.9093], abs=5e-5
    )
    # The mean squares of Shrout & Fleiss's Table 4.
    assert [r.bms, r.wms, r.jms, r.ems] == pytest.approx([11.24, 6.26, 32.49, 1.02], abs=5e-3)
    assert r.icc2_ci == pytest.approx((0.019, 0.76), abs=5e-3)
    assert r.icc2k_ci == pytest.approx((0.071, 0.93), abs=5e-3)
    assert r.icc1_ci == pytest.approx((-0.133, 0.72), abs=5e-3)
    assert r.icc3_ci == pytest.approx((0.342, 0.95), abs=5e-3)
    assert r.icc1k_ci == pytest.approx((-0.884, 0.91), abs=5e-3)
    assert r.icc3k_ci == pytest.approx((0.676, 0.99), abs=5e-3)
    assert r.to_dict()["intervals"]["ICC(2,1)"] == list(r.icc2_ci)


def test_icc_uses_complete_cases_only():
    ratings = np.vstack([SHROUT_FLEISS.T, [1, NAN, 3, 4, 5, 6]])
    r = icc(ratings, scale=TEN_POINT)
    assert (r.n_judges, r.n_dropped) == (4, 1)
    assert r.icc2 == pytest.approx(0.2898, abs=5e-5)


def test_coefficient_alpha_of_a_hand_computed_matrix():
    # Three statements rated by two respondents: (1, 2), (2, 3), (3, 3).
    # Respondent variances 1 and 1/3; totals 3, 5, 6 have variance 7/3;
    # alpha = 2 / 1 * (1 - (4/3) / (7/3)) = 6/7.
    ratings = np.array([[1.0, 2, 3], [2, 3, 3]])
    assert coefficient_alpha(ratings) == pytest.approx(6 / 7, abs=1e-12)
    r = icc(ratings)
    assert r.alpha == pytest.approx(6 / 7, abs=1e-12)
    assert r.icc3k == pytest.approx(6 / 7, abs=1e-12)


def test_alpha_equals_icc3k_on_the_shrout_fleiss_matrix():
    r = icc(SHROUT_FLEISS.T, scale=TEN_POINT)
    assert coefficient_alpha(SHROUT_FLEISS.T, scale=TEN_POINT) == pytest.approx(r.icc3k, abs=1e-12)
    assert r.alpha == pytest.approx(0.9093, abs=5e-5)


def test_statements_all_rated_alike_give_nan_iccs_with_a_named_warning():
    with pytest.warns(DegenerateDataWarning, match="same mean rating"):
        r = icc(np.array([[2.0, 3], [3, 2]]))
    assert np.isnan(r.icc2)


def test_ratings_that_differ_only_by_a_respondents_shift_are_consistent_but_not_absolute():
    # The second respondent rates every statement one point higher: no residual at all.
    r = icc(np.array([[0.0, 1, 2, 3], [1, 2, 3, 4]]))
    assert r.ems == pytest.approx(0.0, abs=1e-12)
    assert r.icc3 == pytest.approx(1.0) and r.icc3_ci == pytest.approx((1.0, 1.0))
    # n = 4 statements, k = 2 respondents: BMS = 2 * 5 / 3, JMS = 4 * 0.5 / 1 = 2, EMS = 0, so
    # ICC(2,1) = (10/3) / (10/3 + 2 * 2 / 4) = 10/13.
    assert r.icc2 == pytest.approx(10 / 13)
    assert np.isnan(r.icc2_ci).all()


def test_icc_needs_two_complete_respondents():
    with pytest.raises(ValueError, match="1 respondents with every statement rated"):
        icc(np.array([[1.0, 2], [NAN, 3]]))


# -- weights and apportionment --------------------------------------------------------------


def _weighted_survey():
    # Two respondents agreeing, so the means are plain: importance 3, 2, 4; frequency 2, 1, 3;
    # criticality 1, 4, 2.
    return statement_statistics(
        {
            "importance": np.array([[3.0, 2, 4]] * 2),
            "frequency": np.array([[2.0, 1, 3]] * 2),
            "criticality": np.array([[1.0, 4, 2]] * 2),
        },
        statements=["T1", "T2", "T3"],
    )


def test_importance_times_frequency_weights_sum_to_one_and_domains_add_up():
    w = weights(_weighted_survey(), {"T1": "A", "T2": "A", "T3": "B"}, "importance x frequency")
    # raw 6, 2, 12 of 20
    assert w.raw == pytest.approx({"T1": 6.0, "T2": 2.0, "T3": 12.0})
    assert w.weight == pytest.approx({"T1": 0.3, "T2": 0.1, "T3": 0.6})
    assert sum(w.weight.values()) == pytest.approx(1.0)
    assert w.domain_weight == pytest.approx({"A": 0.4, "B": 0.6})


def test_other_formulas_and_exclusion():
    s = _weighted_survey()
    alone = weights(s, ["A", "A", "B"], "importance")
    assert alone.weight == pytest.approx({"T1": 3 / 9, "T2": 2 / 9, "T3": 4 / 9})
    crit = weights(s, ["A", "A", "B"], "importance x frequency x criticality")
    assert crit.weight == pytest.approx({"T1": 6 / 38, "T2": 8 / 38, "T3": 24 / 38})
    kept = [Inclusion("T1", True, ()), Inclusion("T2", False, ("x",)), Inclusion("T3", True, ())]
    out = weights(s, ["A", "A", "B"], included=kept)
    assert out.raw["T2"] is None
    assert out.weight == pytest.approx({"T1": 6 / 18, "T2": 0.0, "T3": 12 / 18})
    assert out.domain_weight == pytest.approx({"A": 1 / 3, "B": 2 / 3})


def test_domain_item_counts_sum_to_the_exam_length():
    # Domain weights 0.4 and 0.6 of 7 items: quotas 2.8 and 4.2, floors 2 and 4, and the one
    # item left goes to the larger remainder (0.8): 3 and 4.
    w = weights(_weighted_survey(), ["A", "A", "B"], exam_length=7)
    assert w.domain_items == {"A": 3, "B": 4}
    assert w.to_dict()["domains"] == [
        {"domain": "A", "weight": pytest.approx(0.4), "items": 3},
        {"domain": "B", "weight": pytest.approx(0.6), "items": 4},
    ]


def test_largest_remainder_by_hand():
    # 0.45, 0.35, 0.20 of 11: quotas 4.95, 3.85, 2.2; floors 4, 3, 2 leave 2 items for the
    # remainders .95 and .85.
    assert largest_remainder([0.45, 0.35, 0.20], 11) == [5, 4, 2]
    # Four equal domains of 10: rounding each 2.5 would give 8 or 12 items; ties go to the
    # earlier domains.
    assert largest_remainder([0.25] * 4, 10) == [3, 3, 2, 2]
    assert largest_remainder([1, 1, 1], 10) == [4, 3, 3]
    rng = np.random.default_rng(7)
    for _ in range(50):
        shares = rng.random(6)
        total = int(rng.integers(0, 200))
        counts = largest_remainder(list(shares), total)
        assert sum(counts) == total
        quotas = shares / shares.sum() * total
        assert np.all(np.abs(np.array(counts) - quotas) < 1)


def test_weights_refuse_bad_arguments():
    s = _weighted_survey()
    with pytest.raises(ValueError, match="unknown formula 'importance x risk'"):
        weights(s, ["A", "A", "B"], "importance x risk")
    with pytest.raises(ValueError, match="no domain for statement 'T3'"):
        weights(s, {"T1": "A", "T2": "A"})
    with pytest.raises(ValueError, match="one domain for each of the 3 statements"):
        weights(s, ["A", "B"])
    only_importance = statement_statistics({"importance": np.array([[3.0, 2, 4]] * 2)})
    with pytest.raises(ValueError, match="needs frequency ratings"):
        weights(only_importance, ["A", "A", "B"])
    with pytest.raises(ValueError, match="weights must not all be zero"):
        largest_remainder([0, 0], 5)
    with pytest.raises(ValueError, match="total must be zero or more"):
        largest_remainder([1, 1], -1)


# -- bad input ------------------------------------------------------------------------------


def test_a_rating_outside_its_scale_is_named_by_row_statement_and_scale():
    importance = np.array([[1.0, 2], [3, 4], [2, 7]])
    with pytest.raises(
        ValueError, match=r"ratings row 3, statement 'T2.1': 7 is outside importance 0-4"
    ):
        statement_statistics({"importance": importance}, statements=["T1.1", "T2.1"])
    with pytest.raises(ValueError, match=r"row 1, statement 'S1': -1 is outside frequency 0-5"):
        statement_statistics({"frequency": np.array([[-1.0, 0]])})
    with pytest.raises(ValueError, match=r"row 2, statement 'S2': inf is outside"):
        icc(np.array([[1.0, 2], [3, np.inf]]))
    with pytest.raises(
        ValueError, match=r"row 1, statement 'S1': 2 is outside needed at entry 0-1"
    ):
        statement_statistics({"needed_at_entry": np.array([[2.0]])})


def test_wrong_shapes_and_empty_ratings_are_refused():
    with pytest.raises(ValueError, match="importance ratings must be a 2-D array"):
        statement_statistics({"importance": np.array([1.0, 2])})
    with pytest.raises(ValueError, match="importance ratings are empty"):
        statement_statistics({"importance": np.empty((0, 3))})
    with pytest.raises(ValueError, match=r"frequency ratings have shape \(3, 2\), importance"):
        statement_statistics({"importance": np.ones((2, 2)), "frequency": np.ones((3, 2))})
    with pytest.raises(
        ValueError, match=r"frequency ratings have 3 statements \(columns\), expected 2"
    ):
        statement_statistics({"importance": np.ones((2, 2)), "frequency": np.ones((2, 3))})
    with pytest.raises(ValueError, match="statements has 1 names but ratings have 2 columns"):
        statement_statistics({"importance": np.ones((2, 2))}, statements=["T1"])
    with pytest.raises(ValueError, match="non-empty mapping"):
        statement_statistics({})
    with pytest.raises(ValueError, match="unknown scale 'risk'"):
        statement_statistics({"risk": np.ones((2, 2))})
    with pytest.raises(ValueError, match="statement 'T1' is named twice"):
        statement_statistics({"importance": np.ones((2, 2))}, statements=["T1", "T1"])
    with pytest.raises(ValueError, match="importance ratings are empty"):
        subgroup_agreement(np.empty((3, 0)), {"setting": ["a"] * 3}, threshold=0.5)


def test_a_scale_the_caller_gives_is_used_by_its_key():
    s = statement_statistics(
        {"difficulty": np.array([[6.0], [7]])}, scales={"difficulty": Scale("difficulty", 1, 7)}
    )
    assert s["difficulty"]["S1"].mean == pytest.approx(6.5)
    assert IMPORTANCE.label == "importance 0-4"
    assert FREQUENCY.performance


def test_the_docs_example_prints_what_the_docs_say():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "job-analysis.md").read_text()
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(example, scope)
    assert re.search(r"w\.domain_items  # (\{.*\})", example).group(1) == str(
        scope["w"].domain_items
    )
    assert f"# {scope['icc'](scope['importance']).icc2:.2f}" in example
    reasons = [r for k in scope["kept"] for r in k.reasons]
    assert "# T1.2: mean importance 2.33 < 2.50; T2.2: also performed by 33.3% < 50.0%" in example
    assert reasons == [
        "mean importance 2.33 < 2.50",
        "mean importance 1.33 < 2.50",
        "performed by 33.3% < 50.0%",
    ]


# The sample against its plan -------------------------------------------------------------------


def test_representativeness_by_hand_and_against_scipy():
    # 200 respondents, plan 50/30/20: expected 100/60/40; observed 90/70/40.
    # chi-square = 10^2/100 + 10^2/60 + 0 = 1 + 1.6667 = 2.6667 on 2 df.
    result = representativeness(
        {"Northeast": 90, "South": 70, "West": 40}, {"Northeast": 50, "South": 30, "West": 20}
    )
    assert [(c.cell, c.n, c.percent, c.difference) for c in result.cells] == [
        ("Northeast", 90, 45.0, -5.0),
        ("South", 70, 35.0, 5.0),
        ("West", 40, 20.0, 0.0),
    ]
    assert result.chi_square == pytest.approx(1 + 100 / 60)
    assert result.df == 2
    assert result.p_value == pytest.approx(stats.chi2.sf(1 + 100 / 60, 2))


def test_respondents_outside_the_plan_are_listed_and_left_out_of_the_test():
    result = representativeness({"A": 50, "B": 50, "Abroad": 10}, {"A": 50, "B": 50})
    assert [c.cell for c in result.cells] == ["A", "B", "Abroad"]
    assert result.outside_plan == 10 and result.respondents == 110
    assert result.cells[2].target_percent == 0
    assert result.chi_square == pytest.approx(0.0)
    nobody = representativeness({}, {"A": 50, "B": 50})
    assert nobody.chi_square is None and nobody.cells[0].percent == 0.0


def test_a_plan_that_does_not_sum_to_100_or_a_bad_count_is_refused():
    with pytest.raises(ValueError, match="sum to 90%"):
        representativeness({"A": 1}, {"A": 40, "B": 50})
    with pytest.raises(ValueError, match="'A' is -1"):
        representativeness({"A": -1}, {"A": 100})
    with pytest.raises(ValueError, match="no cells"):
        representativeness({"A": 1}, {})


# Properties --------------------------------------------------------------------------------


@st.composite
def surveys(draw):
    """Importance (0-4) and frequency (0-5) ratings of 3-6 statements by 3-25 respondents, some
    unanswered, the statements in two or three domains, and a permutation of the respondents."""
    n = draw(st.integers(3, 25))
    k = draw(st.integers(3, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    importance = rng.integers(0, 5, (n, k)).astype(float)
    frequency = rng.integers(0, 6, (n, k)).astype(float)
    frequency[:, 0] = np.maximum(frequency[:, 0], 1)  # one statement always performed
    importance[:, 0] = np.maximum(importance[:, 0], 3)  # and important: something is included
    holes = rng.random((n, k)) < 0.1
    holes[:, 0] = False
    importance[holes] = np.nan
    domains = [f"D{j % draw(st.integers(2, 3))}" for j in range(k)]
    labels = [str(x) for x in rng.choice(["a", "b"], n)]
    return importance, frequency, domains, labels, rng.permutation(n)


def _everything(importance, frequency, domains, labels, exam_length=40):
    names = [f"S{j}" for j in range(importance.shape[1])]
    s = statement_statistics({"importance": importance, "frequency": frequency}, statements=names)
    kept = inclusion(s, InclusionCriteria())
    w = weights(s, domains, included=kept, exam_length=exam_length)
    groups = subgroup_agreement(importance, {"g": labels}, threshold=0.5, min_n=1, statements=names)
    return s.to_dict(), [i.to_dict() for i in kept], w.to_dict(), [g.to_dict() for g in groups]


@settings(max_examples=60, deadline=None)
@given(surveys())
def test_permuting_respondents_changes_no_figure(survey):
    importance, frequency, domains, labels, order = survey
    before = _everything(importance, frequency, domains, labels)
    after = _everything(importance[order], frequency[order], domains, [labels[i] for i in order])
    assert _close(after, before)
    complete = ~np.isnan(importance).any(axis=1)
    if complete.sum() >= 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            a = icc(importance).to_dict()
            b = icc(importance[order]).to_dict()
        assert _close(a, b)


def _close(a, b) -> bool:
    """Equal figures, floats to 1e-9 (sums in another order differ in the last bits)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return (np.isnan(a) and np.isnan(b)) or abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


@settings(max_examples=80, deadline=None)
@given(surveys(), st.integers(1, 300))
def test_weights_sum_to_100_percent_and_the_items_to_the_exam_length(survey, exam_length):
    importance, frequency, domains, labels, _ = survey
    _, _, w, _ = _everything(importance, frequency, domains, labels, exam_length)
    assert sum(d["weight"] for d in w["domains"]) * 100 == pytest.approx(100.0)
    assert sum(d["items"] for d in w["domains"]) == exam_length
    assert all(d["weight"] >= 0 and d["items"] >= 0 for d in w["domains"])
