"""Observed-score and IRT equating of form X to form Y (Kolen & Brennan; R equate's methods).

Random groups: mean, linear, equipercentile, with log-linear presmoothing or cubic-spline
postsmoothing. Common-item nonequivalent groups (NEAT): Tucker, Levine observed- and
true-score, chained linear, Braun-Holland, frequency estimation, chained equipercentile.
IRT: true-score and observed-score equating from parameters on a common scale. Standard
errors are analytic where Kolen & Brennan give them, and bootstrap (seeded) for any method.
"""

from hallmark.psychometrics.equating._io import ScoreCounts, read_score_file
from hallmark.psychometrics.equating._irt import IRT_METHODS, equate_irt, irt_score_distribution
from hallmark.psychometrics.equating._loglinear import smooth_bivariate, smooth_univariate
from hallmark.psychometrics.equating._neat import (
    ANCHOR_TYPES,
    NEAT_METHODS,
    equate_neat,
    synthetic_distributions,
)
from hallmark.psychometrics.equating._random_groups import (
    RANDOM_GROUPS_METHODS,
    equate_random_groups,
)
from hallmark.psychometrics.equating._result import EquatingResult, moments

__all__ = [
    "ANCHOR_TYPES",
    "IRT_METHODS",
    "NEAT_METHODS",
    "RANDOM_GROUPS_METHODS",
    "EquatingResult",
    "ScoreCounts",
    "equate_irt",
    "equate_neat",
    "equate_random_groups",
    "irt_score_distribution",
    "moments",
    "read_score_file",
    "smooth_bivariate",
    "smooth_univariate",
    "synthetic_distributions",
]
