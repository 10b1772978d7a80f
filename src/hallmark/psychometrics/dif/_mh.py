"""Mantel-Haenszel DIF: chi-square, common odds ratio, delta and its SE, ETS classes.

Candidates are matched on the number right over the anchor items plus the studied item (as
difR's `difMH` does); strata with a single candidate carry no information and are dropped.
Cells: A, B = reference right, wrong; C, D = focal right, wrong. An odds ratio above 1 (delta
below 0) means the item favours the reference group.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics._warnings import DegenerateDataWarning
from hallmark.psychometrics.dif._groups import DifGroups, matching_score

__all__ = ["MHItem", "ets_class", "ets_class_significance", "mh_statistics"]

# ETS delta scale: delta = -2.35 ln(alpha), i.e. 4 / 1.7 logits
DELTA_SCALE = 2.35


@dataclass(frozen=True)
class MHItem:
    """Mantel-Haenszel statistics of one item.

    Attributes:
        item: the item name.
        mh_chi2: chi-square (1 df), with the continuity correction unless asked otherwise.
        p_value: its upper-tail probability.
        alpha_mh: the common odds ratio (reference over focal).
        delta_mh: -2.35 ln alpha_mh.
        delta_se: the standard error of delta_mh (Phillips-Holland variance of ln alpha_mh).
        ets_class: A, B or C by |delta| alone (difR's rule: below 1, below 1.5, else).
        ets_class_sig: A, B or C by the ETS rule that also asks for significance.
        flagged: p_value below the significance level.
    """

    item: str
    mh_chi2: float
    p_value: float
    alpha_mh: float
    delta_mh: float
    delta_se: float
    ets_class: str
    ets_class_sig: str
    flagged: bool


def ets_class(delta: float) -> str:
    """difR's effect-size class: A if |delta| < 1, B if < 1.5, else C (NaN gives "")."""
    if math.isnan(delta):
        return ""
    size = abs(delta)
    return "A" if size < 1.0 else "B" if size < 1.5 else "C"


def ets_class_significance(delta: float, se: float, p_value: float, alpha: float = 0.05) -> str:
    """The ETS rule: A when |delta| < 1 or delta is not significant (MH chi-square at `alpha`);
    C when |delta| >= 1.5 and significantly above 1 (|delta| - 1 > z se, two-sided z at
    `alpha`); B otherwise."""
    from scipy.special import ndtri

    if math.isnan(delta) or math.isnan(p_value):
        return ""
    size = abs(delta)
    if size < 1.0 or p_value >= alpha:
        return "A"
    z = float(ndtri(1 - alpha / 2))
    return "C" if size >= 1.5 and size - 1.0 > z * se else "B"


def mh_tables(groups: DifGroups, anchor: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Weighted counts (items, strata, 4): A, B, C, D per stratum of the matching score.

    Candidates are sorted once by (anchor score, group) and each run's right and wrong counts
    taken down every item column together. An item outside the anchor joins its own matching
    score, which moves its right answers up one stratum and leaves its wrong ones in place.
    """
    base = matching_score(groups, anchor)
    strata = int(base.max()) + 2
    cell = base * 2 + groups.focal
    order = np.argsort(cell, kind="stable")
    sorted_cell = cell[order]
    starts = np.flatnonzero(np.r_[True, sorted_cell[1:] != sorted_cell[:-1]])
    bounds = np.r_[starts, len(order)]
    w = groups.weights[order]
    n_right = _cell_sums(groups.right[order], w, bounds)
    answered = np.add.reduceat(w, starts)[:, None] - _cell_sums(groups.missing[order], w, bounds)
    k = len(groups.items)
    out = np.zeros((strata * 2, k, 2))
    out[sorted_cell[starts], :, 0] = n_right
    out[sorted_cell[starts], :, 1] = answered - n_right
    counts = out.reshape(strata, 2, k, 2)  # (stratum, group, item, right/wrong)
    outside = ~anchor
    counts[1:, :, outside, 0] = counts[:-1, :, outside, 0].copy()
    counts[0, :, outside, 0] = 0.0
    return counts.transpose(2, 0, 1, 3).reshape(k, strata, 4)


def _cell_sums(
    flags: NDArray[np.bool_], w: NDArray[np.float64], bounds: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Weighted counts of True down each column within each run of rows (a cell)."""
    runs = list(itertools.pairwise(bounds.tolist()))
    if np.all(w == 1):  # counting bytes is many times faster than weighted sums
        return np.array([np.count_nonzero(flags[a:b], axis=0) for a, b in runs], dtype=float)
    return np.array([w[a:b] @ flags[a:b] for a, b in runs], dtype=float)


def mh_statistics(
    groups: DifGroups,
    anchor: NDArray[np.bool_],
    *,
    alpha: float = 0.05,
    correct: bool = True,
) -> list[MHItem]:
    """Mantel-Haenszel statistics of every item with `anchor` items in the matching score."""
    from scipy.special import chdtrc

    t = mh_tables(groups, anchor)
    a, b, c, d = (t[..., i] for i in range(4))
    total = t.sum(axis=2)
    used = total > 1
    n = np.where(used, total, 1.0)
    n_ref, m_right = a + b, a + c
    expected = np.where(used, n_ref * m_right / n, 0.0)
    spread = n_ref * (c + d) * m_right * (b + d)
    variance = np.where(used, spread / (n**2 * np.maximum(n - 1, 1)), 0)
    ad, bc = np.where(used, a * d / n, 0).sum(1), np.where(used, b * c / n, 0).sum(1)
    diff = np.abs((np.where(used, a, 0) - expected).sum(1))
    var_sum = variance.sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (diff - 0.5 * correct) ** 2 / var_sum
        odds = ad / bc
        lam = np.where(used, (a * d + odds[:, None] * b * c) / n**2, 0)
        lam_var = (lam * (a + d + odds[:, None] * (b + c))).sum(1) / (2 * ad**2)
        delta = -DELTA_SCALE * np.log(odds)
    bad = ~(np.isfinite(chi2) & np.isfinite(delta))
    if bad.any():
        warnings.warn(
            "Mantel-Haenszel statistics are undefined for item(s) "
            + ", ".join(groups.items[j] for j in np.flatnonzero(bad)[:5])
            + " (no candidate of one group in a stratum where the other answered, or an item "
            "everyone got right or wrong); reported as NaN",
            DegenerateDataWarning,
            stacklevel=3,
        )
    chi2 = np.where(np.isfinite(chi2), chi2, np.nan)
    delta = np.where(np.isfinite(delta), delta, np.nan)
    p = chdtrc(1, chi2)
    se = DELTA_SCALE * np.sqrt(lam_var)
    return [
        MHItem(
            item=name,
            mh_chi2=float(chi2[j]),
            p_value=float(p[j]),
            alpha_mh=float(odds[j]),
            delta_mh=float(delta[j]),
            delta_se=float(se[j]),
            ets_class=ets_class(float(delta[j])),
            ets_class_sig=ets_class_significance(float(delta[j]), float(se[j]), float(p[j]), alpha),
            flagged=bool(p[j] < alpha),
        )
        for j, name in enumerate(groups.items)
    ]
