"""Subkoviak's single-administration consistency and Rudner's IRT-based accuracy.

Subkoviak (1976): each candidate's true proportion correct is estimated by Kelley's regressed
score r x / n + (1 - r) mean / n; the observed score of a parallel form is then binomial, and
two forms agree with probability sum_j P_j^2. It models no true-score distribution, so it gives
consistency and kappa but not accuracy.

Rudner (2001, 2005): a candidate with ability estimate theta and standard error se has true
ability N(theta, se^2); accuracy is the mean probability that the true ability lies in the
category the estimate falls in, consistency the mean sum_j P_j^2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from hallmark.psychometrics.consistency._beta_binomial import (
    _check,
    _reliability,
    binomial_categories,
    score_moments,
)
from hallmark.psychometrics.consistency._indices import Indices, indices, per_cut
from hallmark.psychometrics.consistency._result import ConsistencyResult

__all__ = ["rudner", "subkoviak"]


def subkoviak(
    counts: ArrayLike,
    n_items: int,
    cuts: Sequence[float],
    reliability: float,
    *,
    reliability_source: str = "given",
) -> ConsistencyResult:
    """Subkoviak's consistency from the raw-score frequencies and the reliability (KR-20).

    Args:
        counts: frequencies of the raw scores 0..n_items (index = score).
        n_items: the test length n.
        cuts: raw cut scores; a candidate passes at a score >= the cut.
        reliability: KR-20 of the scores (Subkoviak's choice), between 0 and 1.
        reliability_source: where it came from ("given", "kr20"), for the record.
    """
    freq, cut_list = _check(counts, n_items, cuts)
    r, _ = _reliability(freq, n_items, reliability)
    mean, _ = score_moments(freq)
    x = np.arange(n_items + 1)
    p = np.clip((r * x + (1 - r) * mean) / n_items, 0.0, 1.0)
    observed = binomial_categories(p, n_items, [math.ceil(c - 1e-9) for c in cut_list])
    return ConsistencyResult(
        "subkoviak",
        n_items,
        cut_list,
        indices(freq, observed, None),
        per_cut(freq, observed, None),
        reliability=r,
        reliability_source=reliability_source,
        true_score=None,
        effective_length=None,
        n_candidates=float(freq.sum()),
    )


def rudner(
    theta: ArrayLike,
    se: ArrayLike,
    cuts: Sequence[float],
    weights: ArrayLike | None = None,
) -> ConsistencyResult:
    """Rudner's classification accuracy and consistency from ability estimates and their SEs.

    Args:
        theta: ability estimates.
        se: their standard errors (positive).
        cuts: cut abilities; a candidate passes at theta >= the cut.
        weights: frequencies (default ones).
    """
    from scipy.special import ndtr

    t = np.asarray(theta, dtype=np.float64)
    s = np.asarray(se, dtype=np.float64)
    w = np.ones(len(t)) if weights is None else np.asarray(weights, dtype=np.float64)
    if t.shape != s.shape or t.ndim != 1 or len(w) != len(t) or len(t) == 0:
        raise ValueError("theta, se and weights must be 1-D arrays of one length, not empty")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(s)) and np.all(s > 0)):
        raise ValueError("theta must be finite and se finite and positive")
    cut_list = sorted(float(c) for c in cuts)
    if not cut_list or len(set(cut_list)) != len(cut_list):
        raise ValueError(f"cuts must be one or more different values; got {list(cuts)!r}")
    edges = np.array([-np.inf, *cut_list, np.inf])
    below = ndtr((edges[None, :] - t[:, None]) / s[:, None])
    true_given_estimate = np.diff(below, axis=1)
    category = np.searchsorted(cut_list, t, side="right").astype(np.intp)
    # The matrix holds P(true category | estimate); "above" in `indices` is then a true
    # category above the observed one: a false negative.
    swap = _swap_errors
    return ConsistencyResult(
        "rudner",
        0,
        cut_list,
        swap(indices(w, true_given_estimate, category)),
        [swap(i) for i in per_cut(w, true_given_estimate, category)],
        reliability=float("nan"),
        reliability_source="",
        true_score=None,
        effective_length=None,
        n_candidates=float(w.sum()),
    )


def _swap_errors(i: Indices) -> Indices:
    return Indices(i.accuracy, i.consistency, i.chance, i.kappa, i.false_negative, i.false_positive)
