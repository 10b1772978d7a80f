"""Logistic regression and standardization DIF.

Logistic regression against difR's published output on its `verbal` data (testthat snapshot
tests/testthat/_snaps/difLogistic.md of difR), printed to 4 decimals: abs tolerance 6e-5.
Standardization against a direct computation of its definition (no published output found).
"""

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.psychometrics import SmallGroupWarning
from hallmark.psychometrics.dif import dif_analysis
from hallmark.psychometrics.dif._io import read_dif_file
from hallmark.psychometrics.dif._logistic import jodoin_gierl_class, zumbo_thomas_class

VERBAL = Path(__file__).parent / "data" / "verbal.csv"
TOL = 6e-5

# R: difLogistic(verbal, group = 25, focal.name = 1)   (type "both", LRT, 2 df)
# item: (Stat., P-value, R^2)
BOTH = {
    "S1wantCurse": (2.0014, 0.3676, 0.0067),
    "S1WantScold": (3.3541, 0.1869, 0.0101),
    "S1WantShout": (2.4742, 0.2902, 0.0074),
    "S2WantCurse": (4.7296, 0.0940, 0.0177),
    "S2WantScold": (4.1404, 0.1262, 0.0125),
    "S2WantShout": (11.4111, 0.0033, 0.0343),
    "S3WantCurse": (1.6061, 0.4480, 0.0056),
    "S3WantScold": (1.6331, 0.4419, 0.0050),
    "S3WantShout": (2.6989, 0.2594, 0.0106),
    "S4WantCurse": (2.4547, 0.2931, 0.0085),
    "S4WantScold": (2.0997, 0.3500, 0.0060),
    "S4WantShout": (3.6877, 0.1582, 0.0133),
    "S1DoCurse": (1.2196, 0.5435, 0.0039),
    "S1DoScold": (4.7304, 0.0939, 0.0122),
    "S1DoShout": (1.0456, 0.5929, 0.0033),
    "S2DoCurse": (7.6935, 0.0213, 0.0243),
    "S2DoScold": (10.2622, 0.0059, 0.0277),
    "S2DoShout": (1.7016, 0.4271, 0.0058),
    "S3DoCurse": (7.2379, 0.0268, 0.0232),
    "S3DoScold": (5.8680, 0.0532, 0.0211),
    "S3DoShout": (1.2763, 0.5283, 0.0078),
    "S4DoCurse": (2.9521, 0.2285, 0.0092),
    "S4DoScold": (2.6956, 0.2598, 0.0083),
    "S4DoShout": (1.3524, 0.5085, 0.0057),
}
# R: difLogistic(verbal, group = 25, focal.name = 1, type = "udif")   (Stat., R^2)
UNIFORM = {
    "S1wantCurse": (1.9998, 0.0067),
    "S2WantCurse": (4.2639, 0.0159),
    "S2WantShout": (11.3031, 0.0340),
    "S4WantScold": (0.0042, 0.0000),
    "S2DoScold": (9.1401, 0.0247),
    "S4DoShout": (1.0577, 0.0044),
}
# R: difLogistic(verbal, group = 25, focal.name = 1, type = "nudif")   (Stat., R^2)
NONUNIFORM = {
    "S1wantCurse": (0.0016, 0.0000),
    "S1WantScold": (1.4476, 0.0043),
    "S4WantScold": (2.0955, 0.0060),
    "S2DoShout": (1.6088, 0.0055),
    "S4DoShout": (0.2947, 0.0012),
}


def _verbal(**kwargs):
    table = read_dif_file(VERBAL, "Gender", id_column="id", exclude=["Anger"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallGroupWarning)
        return dif_analysis(table.scores, table.group, "1", items=table.items, **kwargs)


def test_logistic_regression_matches_difr_on_verbal():
    result = _verbal(method="logistic")
    assert [r.item for r in result.items] == list(BOTH)
    for row in result.items:
        chi2, p, r2 = BOTH[row.item]
        assert row.lr_chi2 == pytest.approx(chi2, abs=TOL), row.item
        assert row.p_value == pytest.approx(p, abs=TOL), row.item
        assert row.delta_r2 == pytest.approx(r2, abs=TOL), row.item
        assert row.zt_class == row.jg_class == "A"
    assert [r.item for r in result.items if r.flagged] == [
        "S2WantShout",
        "S2DoCurse",
        "S2DoScold",
        "S3DoCurse",
    ]
    for item, (chi2, r2) in UNIFORM.items():
        assert result.item(item).uniform_chi2 == pytest.approx(chi2, abs=TOL), item
        assert result.item(item).uniform_delta_r2 == pytest.approx(r2, abs=TOL), item
    for item, (chi2, r2) in NONUNIFORM.items():
        assert result.item(item).nonuniform_chi2 == pytest.approx(chi2, abs=TOL), item
        assert result.item(item).nonuniform_delta_r2 == pytest.approx(r2, abs=TOL), item


def test_effect_size_classes():
    assert [zumbo_thomas_class(v) for v in (0.12, 0.13, 0.25, 0.26)] == ["A", "B", "B", "C"]
    assert [jodoin_gierl_class(v) for v in (0.034, 0.035, 0.069, 0.07)] == ["A", "B", "B", "C"]


def _std_by_definition(scores, focal, j):
    total = scores.sum(axis=1)
    num = den = 0.0
    for s in np.unique(total):
        ref = (total == s) & ~focal
        foc = (total == s) & focal
        if ref.any() and foc.any():
            num += foc.sum() * (scores[foc, j].mean() - scores[ref, j].mean())
            den += foc.sum()
    return num / den


def test_standardization_matches_its_definition_on_verbal():
    table = read_dif_file(VERBAL, "Gender", id_column="id", exclude=["Anger"])
    result = _verbal(method="standardization")
    focal = np.array(table.group) == "1"
    for j, row in enumerate(result.items):
        assert row.std_p_dif == pytest.approx(_std_by_definition(table.scores, focal, j), abs=1e-12)
        assert row.flagged == (abs(row.std_p_dif) > 0.1)
    assert result.item("S2WantShout").std_class == "C"


def test_standardization_and_logistic_purify():
    result = _verbal(method="logistic", purify=True)
    assert result.purification.purified and result.purification.steps[0] == [
        "S2WantShout",
        "S2DoCurse",
        "S2DoScold",
        "S3DoCurse",
    ]
    assert _verbal(method="standardization", purify=True).purification.converged


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_logistic_statistics_do_not_depend_on_which_group_is_focal(seed):
    rng = np.random.default_rng(seed)
    n, k = 400, 6
    focal = rng.random(n) < 0.5
    theta = rng.standard_normal(n)
    p = 1 / (1 + np.exp(-(theta[:, None] - rng.normal(0, 1, k) - 0.5 * focal[:, None])))
    scores = (rng.random((n, k)) < p).astype(float)
    group = np.where(focal, "f", "r").tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = dif_analysis(scores, group, "f", "r", method="logistic", min_group=1)
        two = dif_analysis(scores, group, "r", "f", method="logistic", min_group=1)
    for a, b in zip(one.items, two.items, strict=True):
        assert b.lr_chi2 == pytest.approx(a.lr_chi2, rel=1e-6, abs=1e-8)
        assert b.delta_r2 == pytest.approx(a.delta_r2, rel=1e-6, abs=1e-8)
        assert b.uniform_chi2 == pytest.approx(a.uniform_chi2, rel=1e-6, abs=1e-8)
