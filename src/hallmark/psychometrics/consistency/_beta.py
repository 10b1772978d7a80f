"""A four-parameter beta true-score distribution fitted by the method of moments.

Under binomial error on n items the factorial moments of the observed score X give the raw
moments of the true proportion-correct score T: E[X (X-1) ... (X-r+1)] = n (n-1) ... (n-r+1)
E[T^r] (Lord, 1965). The four-parameter beta is fitted to T's mean, variance, skewness and
kurtosis. When that fit puts a bound outside [0, 1] (or has no solution), the bound is fixed at
0 or 1 and the other three parameters are fitted to three moments, as BB-CLASS does; only when
that fails too does the fit fall back to a two-parameter beta on [0, 1] (two moments).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["BetaFit", "fit_true_scores", "true_score_moments"]

FOUR = "four-parameter"
THREE_LOWER = "three-parameter, lower bound fixed at 0"
THREE_UPPER = "three-parameter, upper bound fixed at 1"
TWO = "two-parameter"
# a bound this close outside [0, 1] is rounding, not a misfit
_EDGE = 1e-9


@dataclass(frozen=True)
class BetaFit:
    """A beta distribution of the true proportion-correct score on [lower, upper].

    Attributes:
        alpha, beta: the shape parameters.
        lower, upper: the bounds.
        fit: which fit was used (four-, three- or two-parameter).
    """

    alpha: float
    beta: float
    lower: float
    upper: float
    fit: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "fit": self.fit,
            "alpha": self.alpha,
            "beta": self.beta,
            "lower": self.lower,
            "upper": self.upper,
        }

    def cdf(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        from scipy.special import betainc

        z = np.clip((t - self.lower) / (self.upper - self.lower), 0.0, 1.0)
        return np.asarray(betainc(self.alpha, self.beta, z))

    def ppf(self, q: NDArray[np.float64]) -> NDArray[np.float64]:
        from scipy.special import betaincinv

        z = betaincinv(self.alpha, self.beta, q)
        return np.asarray(self.lower + (self.upper - self.lower) * z)


def true_score_moments(
    scores: NDArray[np.float64], weights: NDArray[np.float64], n: float
) -> list[float]:
    """Mean, variance, skewness and kurtosis of the true proportion-correct score.

    Args:
        scores: observed scores on a 0..n scale (need not be whole numbers).
        weights: their frequencies.
        n: the test length of the binomial error model.
    """
    w = weights / weights.sum()
    raw = []
    for r in range(1, 5):
        falling = np.ones_like(scores)
        for i in range(r):
            falling = falling * (scores - i)
        raw.append(float(w @ falling) / math.prod(n - i for i in range(r)))
    return _central(raw)


def _central(raw: Sequence[float]) -> list[float]:
    m1, m2, m3, m4 = raw
    var = m2 - m1**2
    if var <= 0:
        return [m1, var, math.nan, math.nan]
    mu3 = m3 - 3 * m1 * m2 + 2 * m1**3
    mu4 = m4 - 4 * m1 * m3 + 6 * m1**2 * m2 - 3 * m1**4
    return [m1, var, mu3 / var**1.5, mu4 / var**2]


def fit_true_scores(moments: Sequence[float]) -> BetaFit:
    """Fit the true-score beta: four parameters, else three with a bound fixed, else two."""
    mean, var, skew, kurt = moments
    if not (0 < mean < 1 and 0 < var < mean * (1 - mean)):
        raise ValueError(
            f"the true-score mean {mean:.4g} and variance {var:.4g} fit no beta distribution "
            "on [0, 1] (the reliability or the scores leave no true-score variance)"
        )
    four = _four(mean, var, skew, kurt)
    if four is not None and _inside(four):
        return four
    below = four is None or four.lower < 0
    above = four is None or four.upper > 1
    for fixed, wanted in ((THREE_LOWER, below), (THREE_UPPER, above)):
        if wanted:
            three = _three(mean, var, skew, fixed)
            if three is not None:
                return three
    return _two(mean, var)


def _inside(fit: BetaFit) -> bool:
    return -_EDGE <= fit.lower < fit.upper <= 1.0 + _EDGE


def _four(mean: float, var: float, skew: float, kurt: float) -> BetaFit | None:
    """Method of moments for the four-parameter beta (Johnson, Kotz & Balakrishnan)."""
    if not (math.isfinite(skew) and math.isfinite(kurt)):
        return None
    denominator = 6 + 3 * skew**2 - 2 * kurt
    if denominator == 0:
        return None
    nu = 6 * (kurt - skew**2 - 1) / denominator
    if not nu > 0:
        return None
    root = 1 / math.sqrt(1 + 16 * (nu + 1) / ((nu + 2) ** 2 * skew**2)) if skew != 0 else 0.0
    small, large = nu / 2 * (1 - root), nu / 2 * (1 + root)
    if not small > 0:
        return None
    a, b = (small, large) if skew > 0 else (large, small)
    width = math.sqrt(var) / 2 * math.sqrt((2 + nu) ** 2 * skew**2 + 16 * (1 + nu))
    lower = mean - a / nu * width
    upper = lower + width
    if abs(lower) <= _EDGE:
        lower = 0.0
    if abs(upper - 1) <= _EDGE:
        upper = 1.0
    return BetaFit(float(a), float(b), float(lower), float(upper), FOUR)


def _three(mean: float, var: float, skew: float, fixed: str) -> BetaFit | None:
    """Shapes and the free bound from mean, variance and skewness, one bound fixed."""
    from scipy.optimize import brentq

    m, s = (mean, skew) if fixed == THREE_LOWER else (1 - mean, -skew)

    def shapes(width: float) -> tuple[float, float]:
        p, v = m / width, var / width**2
        common = p * (1 - p) / v - 1
        return p * common, (1 - p) * common

    def excess(width: float) -> float:
        a, b = shapes(width)
        return 2 * (b - a) * math.sqrt(a + b + 1) / ((a + b + 2) * math.sqrt(a * b)) - s

    low = (m + var / m) * (1 + 1e-9)
    if not low < 1.0 or excess(low) * excess(1.0) > 0:
        return None
    width = float(brentq(excess, low, 1.0, xtol=1e-14))
    a, b = (float(v) for v in shapes(width))
    if fixed == THREE_LOWER:
        return BetaFit(a, b, 0.0, width, THREE_LOWER)
    return BetaFit(b, a, 1.0 - width, 1.0, THREE_UPPER)


def _two(mean: float, var: float) -> BetaFit:
    common = mean * (1 - mean) / var - 1
    return BetaFit(float(mean * common), float((1 - mean) * common), 0.0, 1.0, TWO)
