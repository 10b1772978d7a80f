"""Livingston-Lewis and Hanson-Brennan decision consistency and accuracy.

Both model the true proportion-correct score T with a beta distribution fitted to the moments
that the observed scores imply (see `_beta`) and the observed score given T as binomial.
Hanson-Brennan (1990) use the test's own n items; Livingston-Lewis (1995) replace the test by
one of "effective length" n' = ((mu - min)(max - mu) - r var) / ((1 - r) var) items, which
carries the reliability r, and rescale the scores and cuts to it. A candidate's true category
is where T lies among the cuts as proportions of the maximum (c / n).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics.consistency._beta import BetaFit, fit_true_scores, true_score_moments
from hallmark.psychometrics.consistency._indices import Indices, indices, per_cut
from hallmark.psychometrics.consistency._result import ConsistencyResult

__all__ = ["hanson_brennan", "livingston_lewis", "score_moments"]

# midpoint nodes per true category, equally spaced in probability
_NODES = 400


def hanson_brennan(
    counts: ArrayLike,
    n_items: int,
    cuts: Sequence[float],
    *,
    true_cuts: Sequence[float] | None = None,
) -> ConsistencyResult:
    """Hanson-Brennan beta-binomial decision consistency and accuracy.

    Args:
        counts: frequencies of the raw scores 0..n_items (index = score).
        n_items: the test length n.
        cuts: raw cut scores; a candidate passes at a score >= the cut.
        true_cuts: the cuts on the true proportion-correct scale (default cut / n_items).
    """
    freq, cut_list = _check(counts, n_items, cuts)
    true_list = _true_cuts(cut_list, n_items, true_cuts)
    scores = np.arange(n_items + 1, dtype=np.float64)
    fit = fit_true_scores(true_score_moments(scores, freq, n_items))
    observed_cuts = [math.ceil(c - 1e-9) for c in cut_list]  # whole scores pass at >= c
    overall, by_cut = _binomial_model(fit, n_items, true_list, observed_cuts)
    true_var = _beta_variance(fit) * n_items**2
    return ConsistencyResult(
        "hanson-brennan",
        n_items,
        cut_list,
        overall,
        by_cut,
        reliability=true_var / score_moments(freq)[1],
        reliability_source="model",
        true_score=fit,
        effective_length=None,
        n_candidates=float(freq.sum()),
    )


def livingston_lewis(
    counts: ArrayLike,
    n_items: int,
    cuts: Sequence[float],
    reliability: float | None = None,
    *,
    true_cuts: Sequence[float] | None = None,
) -> ConsistencyResult:
    """Livingston-Lewis decision consistency and accuracy.

    Args:
        counts: frequencies of the raw scores 0..n_items (index = score).
        n_items: the maximum score.
        cuts: raw cut scores; a candidate passes at a score >= the cut.
        reliability: the score's reliability (default KR-21 from the score distribution).
        true_cuts: the cuts on the true proportion-correct scale (default cut / n_items).
    """
    freq, cut_list = _check(counts, n_items, cuts)
    true_list = _true_cuts(cut_list, n_items, true_cuts)
    r, source = _reliability(freq, n_items, reliability)
    mean, var = score_moments(freq)
    length = round(((mean - 0) * (n_items - mean) - r * var) / ((1 - r) * var))
    if length < 4:  # the true-score fit uses four moments of a binomial of that length
        raise ValueError(
            f"the effective test length is {length}: reliability {r:.4g} is too low for "
            "these scores"
        )
    scaled = np.arange(n_items + 1, dtype=np.float64) * (length / n_items)
    fit = fit_true_scores(true_score_moments(scaled, freq, length))
    observed_cuts = [math.ceil(c * length / n_items - 1e-9) for c in cut_list]
    overall, by_cut = _binomial_model(fit, length, true_list, observed_cuts)
    return ConsistencyResult(
        "livingston-lewis",
        n_items,
        cut_list,
        overall,
        by_cut,
        reliability=r,
        reliability_source=source,
        true_score=fit,
        effective_length=int(length),
        n_candidates=float(freq.sum()),
    )


def score_moments(freq: NDArray[np.float64]) -> tuple[float, float]:
    """Mean and variance (dividing by N) of raw scores given their frequencies."""
    x = np.arange(len(freq))
    w = freq / freq.sum()
    mean = float(w @ x)
    return mean, float(w @ (x - mean) ** 2)


def kr21(freq: NDArray[np.float64], n_items: int) -> float:
    """KR-21 from the score distribution alone (a lower bound of KR-20)."""
    mean, var = score_moments(freq)
    return n_items / (n_items - 1) * (1 - mean * (n_items - mean) / (n_items * var))


def _reliability(freq: NDArray[np.float64], n_items: int, given: float | None) -> tuple[float, str]:
    r, source = (kr21(freq, n_items), "kr21") if given is None else (float(given), "given")
    if not (math.isfinite(r) and 0 < r < 1):
        raise ValueError(f"reliability must lie between 0 and 1; {source} gives {r:.4g}")
    return r, source


def _check(
    counts: ArrayLike, n_items: int, cuts: Sequence[float]
) -> tuple[NDArray[np.float64], list[float]]:
    freq = np.asarray(counts, dtype=np.float64)
    if int(n_items) != n_items or n_items < 2:
        raise ValueError(f"n_items must be a whole number of at least 2; got {n_items!r}")
    if freq.ndim != 1 or len(freq) > n_items + 1:
        raise ValueError(f"counts must cover scores 0..{n_items}; got {freq.shape[0]} scores")
    freq = np.pad(freq, (0, n_items + 1 - len(freq)))
    if not (np.all(np.isfinite(freq)) and np.all(freq >= 0)) or freq.sum() <= 0:
        raise ValueError("counts must be non-negative numbers, not all zero")
    if score_moments(freq)[1] <= 0:
        raise ValueError("every candidate has the same score: no score variance")
    cut_list = sorted(float(c) for c in cuts)
    if not cut_list or any(not (0 < c <= n_items) for c in cut_list):
        raise ValueError(f"cuts must lie in (0, {n_items}]; got {list(cuts)!r}")
    if len(set(cut_list)) != len(cut_list):
        raise ValueError(f"cuts must differ; got {list(cuts)!r}")
    return freq, cut_list


def _true_cuts(cuts: list[float], n_items: int, given: Sequence[float] | None) -> list[float]:
    if given is None:
        return [c / n_items for c in cuts]
    true = sorted(float(t) for t in given)
    if len(true) != len(cuts) or any(not (0 < t < 1) for t in true):
        raise ValueError(
            f"true_cuts must be {len(cuts)} proportion(s) between 0 and 1; got {list(given)!r}"
        )
    return true


def _beta_variance(fit: BetaFit) -> float:
    a, b = fit.alpha, fit.beta
    return (fit.upper - fit.lower) ** 2 * a * b / ((a + b) ** 2 * (a + b + 1))


def _binomial_model(
    fit: BetaFit, length: int, true_cuts: Sequence[float], observed_cuts: Sequence[int]
) -> tuple[Indices, list[Indices]]:
    nodes, weights, true = true_score_nodes(fit, true_cuts)
    observed = binomial_categories(nodes, length, observed_cuts)
    return indices(weights, observed, true), per_cut(weights, observed, true)


def true_score_nodes(
    fit: BetaFit, true_cuts: Sequence[float]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """Midpoint nodes in probability within each true category, their weights and categories."""
    edges = np.concatenate([[0.0], fit.cdf(np.asarray(true_cuts, dtype=np.float64)), [1.0]])
    q_parts, w_parts, cat_parts = [], [], []
    for category, (lo, hi) in enumerate(itertools.pairwise(edges)):
        if hi - lo <= 0:
            continue
        q_parts.append(lo + (np.arange(_NODES) + 0.5) / _NODES * (hi - lo))
        w_parts.append(np.full(_NODES, (hi - lo) / _NODES))
        cat_parts.append(np.full(_NODES, category, dtype=np.intp))
    return fit.ppf(np.concatenate(q_parts)), np.concatenate(w_parts), np.concatenate(cat_parts)


def binomial_categories(
    p: NDArray[np.float64], length: int, cuts: Sequence[int]
) -> NDArray[np.float64]:
    """P(observed category | p) under Binomial(length, p); category j starts at cuts[j-1]."""
    from scipy.special import bdtr

    below = [
        np.zeros_like(p) if c <= 0 else np.ones_like(p) if c > length else bdtr(c - 1, length, p)
        for c in cuts
    ]
    cdf = np.stack([np.zeros_like(p), *below, np.ones_like(p)], axis=1)
    return np.asarray(np.clip(np.diff(cdf, axis=1), 0.0, 1.0))
