"""Decision consistency and accuracy of pass/fail (or several-category) decisions.

Livingston-Lewis and Hanson-Brennan (beta true-score models), Subkoviak (single
administration) and Rudner (IRT); see docs/consistency.md.
"""

from hallmark.psychometrics.consistency._beta import BetaFit, fit_true_scores, true_score_moments
from hallmark.psychometrics.consistency._beta_binomial import (
    hanson_brennan,
    kr21,
    livingston_lewis,
)
from hallmark.psychometrics.consistency._indices import Indices
from hallmark.psychometrics.consistency._result import ConsistencyResult
from hallmark.psychometrics.consistency._single import rudner, subkoviak

CONSISTENCY_METHODS = ("livingston-lewis", "hanson-brennan", "subkoviak")

__all__ = [
    "CONSISTENCY_METHODS",
    "BetaFit",
    "ConsistencyResult",
    "Indices",
    "fit_true_scores",
    "hanson_brennan",
    "kr21",
    "livingston_lewis",
    "rudner",
    "subkoviak",
    "true_score_moments",
]
