"""Mantel-Haenszel DIF against difR's published results on its `verbal` data.

Expected values: the printed output of difR's own tests (testthat snapshot
tests/testthat/_snaps/difMH.md of difR, Magis et al.), 4 decimals as printed, so the tolerance
is half a unit of the last decimal (5e-5) plus rounding of the printed alpha: we compare
at abs=6e-5. The data: tests/psychometrics/data/verbal.csv (see data/README.md);
`verbal` there has the Anger column removed, so `group = 25` is Gender.
"""

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.psychometrics import ConvergenceWarning, SmallGroupWarning
from hallmark.psychometrics.dif import dif_analysis, ets_class, ets_class_significance
from hallmark.psychometrics.dif._io import read_dif_file

VERBAL = Path(__file__).parent / "data" / "verbal.csv"

TOL = 6e-5

# R: difMH(verbal, group = 25, focal.name = 1)  (continuity correction, no purification)
# item: (Stat., P-value, alphaMH, deltaMH)
PLAIN = {
    "S1wantCurse": (1.7076, 0.1913, 1.7005, -1.2476),
    "S1WantScold": (2.1486, 0.1427, 1.7702, -1.3420),
    "S1WantShout": (0.9926, 0.3191, 1.4481, -0.8701),
    "S2WantCurse": (1.9302, 0.1647, 1.9395, -1.5567),
    "S2WantScold": (2.9540, 0.0857, 1.9799, -1.6052),
    "S2WantShout": (9.6032, 0.0019, 2.8804, -2.4861),
    "S3WantCurse": (0.0013, 0.9711, 0.9439, 0.1358),
    "S3WantScold": (0.6752, 0.4112, 0.7194, 0.7741),
    "S3WantShout": (0.8185, 0.3656, 1.5281, -0.9965),
    "S4WantCurse": (1.6292, 0.2018, 1.6849, -1.2260),
    "S4WantScold": (0.0152, 0.9020, 1.0901, -0.2028),
    "S4WantShout": (4.1188, 0.0424, 2.3458, -2.0036),
    "S1DoCurse": (0.1324, 0.7160, 0.7967, 0.5340),
    "S1DoScold": (2.7501, 0.0972, 0.4995, 1.6313),
    "S1DoShout": (0.0683, 0.7938, 1.1765, -0.3821),
    "S2DoCurse": (6.3029, 0.0121, 0.3209, 2.6709),
    "S2DoScold": (6.8395, 0.0089, 0.3746, 2.3072),
    "S2DoShout": (0.2170, 0.6414, 0.7931, 0.5447),
    "S3DoCurse": (5.7817, 0.0162, 0.4616, 1.8165),
    "S3DoScold": (3.8880, 0.0486, 0.4727, 1.7606),
    "S3DoShout": (0.2989, 0.5846, 0.6373, 1.0585),
    "S4DoCurse": (1.1220, 0.2895, 0.6444, 1.0327),
    "S4DoScold": (1.4491, 0.2287, 0.6385, 1.0541),
    "S4DoShout": (0.8390, 0.3597, 1.6053, -1.1123),
}

# R: difMH(verbal, group = "Gender", focal.name = 1, purify = TRUE)
# ("Convergence reached after 6 iterations")
PURIFIED = {
    "S1wantCurse": (0.0069, 0.9336, 1.1054, -0.2355),
    "S1WantScold": (0.0376, 0.8462, 1.1357, -0.2990),
    "S1WantShout": (0.0087, 0.9256, 1.0919, -0.2066),
    "S2WantCurse": (0.8881, 0.3460, 1.5998, -1.1042),
    "S2WantScold": (0.1112, 0.7388, 1.1994, -0.4272),
    "S2WantShout": (4.2680, 0.0388, 2.2088, -1.8623),
    "S3WantCurse": (0.0987, 0.7534, 0.8584, 0.3588),
    "S3WantScold": (4.3724, 0.0365, 0.4593, 1.8283),
    "S3WantShout": (0.3454, 0.5567, 1.3348, -0.6786),
    "S4WantCurse": (0.1406, 0.7077, 1.2183, -0.4639),
    "S4WantScold": (1.6853, 0.1942, 0.6322, 1.0776),
    "S4WantShout": (1.0766, 0.2995, 1.5764, -1.0696),
    "S1DoCurse": (2.0959, 0.1477, 0.5481, 1.4130),
    "S1DoScold": (6.2736, 0.0123, 0.3832, 2.2540),
    "S1DoShout": (0.0172, 0.8957, 0.9822, 0.0421),
    "S2DoCurse": (9.6672, 0.0019, 0.2658, 3.1134),
    "S2DoScold": (11.9436, 0.0005, 0.3014, 2.8186),
    "S2DoShout": (0.6997, 0.4029, 0.6832, 0.8954),
    "S3DoCurse": (9.4644, 0.0021, 0.3713, 2.3284),
    "S3DoScold": (6.4356, 0.0112, 0.4079, 2.1075),
    "S3DoShout": (1.4190, 0.2336, 0.4654, 1.7974),
    "S4DoCurse": (3.9323, 0.0474, 0.4744, 1.7526),
    "S4DoScold": (5.7987, 0.0160, 0.4148, 2.0681),
    "S4DoShout": (0.3223, 0.5702, 1.4040, -0.7974),
}

# R: difMH(verbal, group = 25, focal.name = 1, MHstat = "logOR"): ln(alphaMH) / sqrt(varLambda)
LOG_OR = {"S1wantCurse": 1.4759, "S3WantCurse": -0.1889, "S2DoScold": -2.6876, "S4DoShout": 1.1203}

# R: difMH(verbal, group = "Gender", focal.name = 1, alpha = 0.01, correct = FALSE)
UNCORRECTED = {"S1wantCurse": 2.2151, "S2WantShout": 10.6034, "S3WantCurse": 0.0356}

# R: difMH(verbal, group = "Gender", focal.name = 1, purify = TRUE, nrIter = 5)
# ("no item purification convergence after 5 iterations")
FIVE_STEPS = {"S1wantCurse": (0.0974, 1.2101), "S2DoScold": (13.1912, 0.2733)}


def _verbal(**kwargs):
    table = read_dif_file(VERBAL, "Gender", id_column="id", exclude=["Anger"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallGroupWarning)
        return dif_analysis(table.scores, table.group, "1", items=table.items, **kwargs)


def _check(result, expected):
    assert [row.item for row in result.items] == list(expected)
    for row in result.items:
        chi2, p, alpha, delta = expected[row.item]
        assert row.mh_chi2 == pytest.approx(chi2, abs=TOL), row.item
        assert row.p_value == pytest.approx(p, abs=TOL), row.item
        assert row.alpha_mh == pytest.approx(alpha, abs=TOL), row.item
        assert row.delta_mh == pytest.approx(delta, abs=TOL), row.item
        assert row.ets_class == ets_class(delta)


def test_verbal_without_purification_matches_difr():
    result = _verbal()
    _check(result, PLAIN)
    assert [r.item for r in result.items if r.flagged] == [
        "S2WantShout",
        "S4WantShout",
        "S2DoCurse",
        "S2DoScold",
        "S3DoCurse",
        "S3DoScold",
    ]
    # difR's effect-size codes as printed
    assert "".join(r.ets_class for r in result.items) == "BBACCCAAABACACACCACCBBBB"


def test_verbal_with_purification_matches_difr():
    result = _verbal(purify=True)
    _check(result, PURIFIED)
    assert result.purification.iterations == 6 and result.purification.converged
    assert result.purification.steps[-1] == [
        "S2WantShout",
        "S3WantScold",
        "S1DoScold",
        "S2DoCurse",
        "S2DoScold",
        "S3DoCurse",
        "S3DoScold",
        "S4DoCurse",
        "S4DoScold",
    ]


def test_purification_that_does_not_settle_warns_and_reports_the_last_step():
    with pytest.warns(ConvergenceWarning, match="5 iterations"):
        result = _verbal(purify=True, max_iterations=5)
    assert not result.purification.converged and result.purification.iterations == 5
    for item, (chi2, alpha) in FIVE_STEPS.items():
        assert result.item(item).mh_chi2 == pytest.approx(chi2, abs=TOL)
        assert result.item(item).alpha_mh == pytest.approx(alpha, abs=TOL)


def test_delta_se_is_difr_log_odds_ratio_variance():
    result = _verbal()
    for item, z in LOG_OR.items():
        row = result.item(item)
        assert np.log(row.alpha_mh) / (row.delta_se / 2.35) == pytest.approx(z, abs=TOL)


def test_without_continuity_correction():
    result = _verbal(correct=False)
    for item, chi2 in UNCORRECTED.items():
        assert result.item(item).mh_chi2 == pytest.approx(chi2, abs=TOL)


def test_ets_significance_rule():
    assert ets_class_significance(-2.4861, 0.7924, 0.0019) == "B"  # |delta| - 1 < 1.96 se
    assert ets_class_significance(-1.6052, 0.8403, 0.0857) == "A"  # not significant
    assert ets_class_significance(2.2, 0.3, 0.0001) == "C"
    assert ets_class_significance(0.9, 0.1, 0.0001) == "A"


def test_small_groups_are_named_and_missing_groups_excluded_and_counted():
    table = read_dif_file(VERBAL, "Gender", id_column="id", exclude=["Anger"])
    group = list(table.group)
    group[:10] = [""] * 10
    with pytest.warns(SmallGroupWarning, match=r"focal group \(1\) has \d+ candidates"):
        result = dif_analysis(table.scores, group, "1", items=table.items)
    assert result.groups.n_missing_group == 10
    assert result.groups.n_focal + result.groups.n_reference == 306


def test_a_named_reference_leaves_other_groups_out_and_counts_them():
    group = ["a"] * 150 + ["b"] * 150 + ["c"] * 50
    rng = np.random.default_rng(1)
    scores = (rng.random((350, 8)) < 0.6).astype(float)
    result = dif_analysis(scores, group, "b", "a")
    assert result.groups.n_other_group == 50 and result.groups.n_reference == 150


def test_a_missing_response_is_left_out_of_that_item_only():
    rng = np.random.default_rng(2)
    scores = (rng.random((400, 6)) < 0.5).astype(float)
    group = ["r"] * 200 + ["f"] * 200
    full = dif_analysis(scores, group, "f")
    holed = scores.copy()
    holed[0, 0] = np.nan
    result = dif_analysis(holed, group, "f")
    assert result.items[0].mh_chi2 != full.items[0].mh_chi2
    assert np.isfinite(result.items[0].mh_chi2)


def test_bad_scores_are_refused():
    with pytest.raises(ValueError, match=r"score 2\.0 of item '2' is not 0, 1 or missing"):
        dif_analysis([[0, 2], [1, 1]], ["a", "b"], "a", min_group=1)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shift=st.floats(-1, 1))
def test_swapping_reference_and_focal_changes_the_sign_of_delta(seed, shift):
    rng = np.random.default_rng(seed)
    n, k = 300, 8
    focal = rng.random(n) < 0.4
    theta = rng.standard_normal(n)
    b = rng.normal(0, 1, k)
    b[0] += shift * focal.mean()
    p = 1 / (1 + np.exp(-(theta[:, None] - b - shift * focal[:, None] * (np.arange(k) == 0))))
    scores = (rng.random((n, k)) < p).astype(float)
    group = np.where(focal, "f", "r").tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = dif_analysis(scores, group, "f", "r", min_group=1)
        two = dif_analysis(scores, group, "r", "f", min_group=1)
    for a, b_ in zip(one.items, two.items, strict=True):
        if np.isfinite(a.delta_mh):
            assert b_.delta_mh == pytest.approx(-a.delta_mh, abs=1e-9)
            assert b_.mh_chi2 == pytest.approx(a.mh_chi2, rel=1e-9)
            assert b_.delta_se == pytest.approx(a.delta_se, rel=1e-9)
            assert b_.ets_class == a.ets_class


@pytest.mark.parametrize("purify", [False, True])
def test_frequencies_count_as_repeated_rows(purify):
    rng = np.random.default_rng(8)
    scores = (rng.random((300, 7)) < 0.55).astype(float)
    scores[rng.random(scores.shape) < 0.02] = np.nan
    group = np.where(rng.random(300) < 0.5, "f", "r").tolist()
    freq = rng.integers(1, 4, 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weighted = dif_analysis(scores, group, "f", weights=freq, purify=purify, alpha=0.5)
        repeated = dif_analysis(
            np.repeat(scores, freq, axis=0),
            np.repeat(group, freq).tolist(),
            "f",
            purify=purify,
            alpha=0.5,
        )
    for a, b in zip(weighted.items, repeated.items, strict=True):
        assert a.mh_chi2 == pytest.approx(b.mh_chi2, rel=1e-12)
        assert a.delta_se == pytest.approx(b.delta_se, rel=1e-12)
