"""Differential item functioning: Mantel-Haenszel, logistic regression and standardization.

`dif_analysis(scores, group, focal)` runs one method over every item; see docs/dif.md.
"""

from hallmark.psychometrics.dif._groups import MIN_GROUP, DifGroups, split_groups
from hallmark.psychometrics.dif._mh import MHItem, ets_class, ets_class_significance
from hallmark.psychometrics.dif._purify import Purification
from hallmark.psychometrics.dif._result import (
    DIF_METHODS,
    DifResult,
    dif_analysis,
    dif_groups_analysis,
)

__all__ = [
    "DIF_METHODS",
    "MIN_GROUP",
    "DifGroups",
    "DifResult",
    "MHItem",
    "Purification",
    "dif_analysis",
    "dif_groups_analysis",
    "ets_class",
    "ets_class_significance",
    "split_groups",
]
