"""Standardization DIF (Dorans & Kulick, 1986): STD P-DIF.

At each level of the matching score, the focal minus the reference proportion right, averaged
with the focal group's counts as weights over the levels both groups reach (difR's `difStd`
with its default focal weights). |STD P-DIF| above 0.1 is flagged, as in difR; the Dorans &
Holland guidance reads below 0.05 as negligible and 0.05 to 0.1 as worth a look.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics._warnings import DegenerateDataWarning
from hallmark.psychometrics.dif._groups import DifGroups
from hallmark.psychometrics.dif._mh import mh_tables

__all__ = ["STD_THRESHOLD", "StandardizationItem", "standardization_statistics"]

STD_THRESHOLD = 0.1


@dataclass(frozen=True)
class StandardizationItem:
    """Standardization DIF of one item.

    Attributes:
        item: the item name.
        std_p_dif: focal minus reference proportion right, standardized on the focal group.
        p_focal, p_reference: the focal group's proportion right and the reference group's
            proportion right standardized to the focal group's score distribution.
        alpha_std: the odds ratio of those two proportions (reference over focal).
        std_class: A (|STD P-DIF| < 0.05), B (< 0.1) or C.
        flagged: |STD P-DIF| > 0.1.
    """

    item: str
    std_p_dif: float
    p_focal: float
    p_reference: float
    alpha_std: float
    std_class: str
    flagged: bool


def standardization_statistics(
    groups: DifGroups, anchor: NDArray[np.bool_], *, alpha: float = 0.05
) -> list[StandardizationItem]:
    """STD P-DIF of every item with `anchor` items in the matching score (`alpha` unused)."""
    del alpha  # a descriptive index: flagged by size, not by a test
    t = mh_tables(groups, anchor)
    a, b, c, d = (t[..., i] for i in range(4))
    n_ref, n_foc = a + b, c + d
    both = (n_ref > 0) & (n_foc > 0)
    weight = np.where(both, n_foc, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_ref = np.where(both, a / np.where(both, n_ref, 1), 0.0)
        p_foc = np.where(both, c / np.where(both, n_foc, 1), 0.0)
        total = weight.sum(1)
        pf = (weight * p_foc).sum(1) / total
        pr = (weight * p_ref).sum(1) / total
        odds = (pr / (1 - pr)) / (pf / (1 - pf))
    std = pf - pr
    if (total == 0).any():
        warnings.warn(
            "STD P-DIF is undefined for item(s) "
            + ", ".join(groups.items[j] for j in np.flatnonzero(total == 0)[:5])
            + " (no score level reached by both groups); reported as NaN",
            DegenerateDataWarning,
            stacklevel=3,
        )
    return [
        StandardizationItem(
            item=name,
            std_p_dif=float(std[j]),
            p_focal=float(pf[j]),
            p_reference=float(pr[j]),
            alpha_std=float(odds[j]),
            std_class=_std_class(float(std[j])),
            flagged=bool(abs(std[j]) > STD_THRESHOLD),
        )
        for j, name in enumerate(groups.items)
    ]


def _std_class(value: float) -> str:
    if np.isnan(value):
        return ""
    size = abs(value)
    return "A" if size < 0.05 else "B" if size < STD_THRESHOLD else "C"
