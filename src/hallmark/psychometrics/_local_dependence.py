"""Local dependence between items: Yen's Q3 and the flag of Christensen, Makransky & Horton.

Yen's (1984) Q3 of two items is the correlation, over candidates, of their residuals: each item
score less its expectation given the candidate's ability. With IRT parameters the expectation
is the model's at the candidate's estimated theta (as mirt's ``residuals(type = "Q3")`` does,
observed minus expected score at the EAP estimate, correlations over pairwise complete cases).
Without them, `rest_score_expected` gives a classical stand-in: the mean score on the item of
the candidates with the same rest score (raw score less the item).

Q3 values are not centred on 0 (they average about -1/(k - 1) under local independence), so a
pair is flagged when its Q3 exceeds the mean Q3 of all pairs by more than 0.2 (Christensen,
Makransky & Horton, 2017, Applied Psychological Measurement 41(3), 178-194).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Q3_CRITICAL", "LocalDependence", "local_dependence", "q3", "rest_score_expected"]

# How far above the mean Q3 a pair may lie before it is flagged.
Q3_CRITICAL = 0.2


@dataclass(frozen=True)
class LocalDependence:
    """Q3 of every item pair and the pairs flagged.

    Attributes:
        items: the item names, in matrix order.
        q3: (items, items) residual correlations; NaN on the diagonal and where undefined.
        mean_q3: the mean Q3 over all pairs.
        flagged: (item, item, Q3) of the pairs looked at whose Q3 exceeds the mean by more
            than `critical`.
        critical: the margin used.
    """

    items: list[str]
    q3: np.ndarray
    mean_q3: float
    flagged: list[tuple[str, str, float]]
    critical: float = Q3_CRITICAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean_q3": None if not np.isfinite(self.mean_q3) else float(self.mean_q3),
            "critical": self.critical,
            "flagged": [{"items": [a, b], "q3": value} for a, b, value in self.flagged],
        }


def q3(scores: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Yen's Q3: Pearson correlations of the residuals ``scores - expected`` between items.

    Args:
        scores: (candidates, items) item scores, NaN where there is none.
        expected: (candidates, items) their expectations given each candidate's ability.

    Returns:
        (items, items) correlations over the candidates with both scores; NaN on the diagonal
        and where a residual has no variance.
    """
    x, e = _q3_iv(scores, expected)
    residual = x - e
    k = x.shape[1]
    out = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(i + 1, k):
            both = ~np.isnan(residual[:, i]) & ~np.isnan(residual[:, j])
            out[i, j] = out[j, i] = _correlation(residual[both, i], residual[both, j])
    return out


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 2:
        return float("nan")
    da, db = a - a.mean(), b - b.mean()
    denominator = np.sqrt((da @ da) * (db @ db))
    return float(da @ db / denominator) if denominator > 1e-12 else float("nan")


def _q3_iv(scores: np.ndarray, expected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(scores, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if x.ndim != 2 or x.shape != e.shape:
        raise ValueError(
            f"scores and expected must be 2-D (candidates, items) of one shape; got "
            f"{x.shape} and {e.shape}"
        )
    return x, e


def rest_score_expected(scores: np.ndarray) -> np.ndarray:
    """Each item's expected score given the rest score: the mean item score of the candidates
    with the same rest score (a missing score counts 0 in the rest score, as in the raw score).
    """
    x = np.asarray(scores, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"scores must be 2-D (candidates, items); got {x.ndim} dimension(s)")
    filled = np.nan_to_num(x)
    total = filled.sum(axis=1)
    expected = np.full(x.shape, np.nan)
    for j in range(x.shape[1]):
        rest = total - filled[:, j]
        present = ~np.isnan(x[:, j])
        for value in np.unique(rest[present]):
            group = present & (rest == value)
            expected[group, j] = x[group, j].mean()
    return expected


def local_dependence(
    scores: np.ndarray,
    expected: np.ndarray | None = None,
    *,
    items: Sequence[str] | None = None,
    pairs: Iterable[tuple[str, str]] | None = None,
    critical: float = Q3_CRITICAL,
) -> LocalDependence:
    """Q3 of the item pairs and those above the mean Q3 by more than `critical`.

    Args:
        scores: (candidates, items) item scores, NaN where there is none.
        expected: their expectations under an IRT model at each candidate's theta; default
            the rest-score expectation (`rest_score_expected`).
        items: item names (default item1, item2, ...).
        pairs: the pairs to look at (e.g. items sharing a stimulus); default every pair. The
            mean Q3 is always over every pair.
        critical: the margin above the mean Q3 that flags a pair.
    """
    x = np.asarray(scores, dtype=np.float64)
    e = rest_score_expected(x) if expected is None else expected
    matrix = q3(x, e)
    names = [f"item{j + 1}" for j in range(x.shape[1])] if items is None else list(items)
    if len(names) != x.shape[1]:
        raise ValueError(f"items has {len(names)} names for {x.shape[1]} item columns")
    upper = matrix[np.triu_indices(len(names), 1)]
    finite = upper[np.isfinite(upper)]
    mean = float(finite.mean()) if finite.size else float("nan")
    index = {name: j for j, name in enumerate(names)}
    looked_at = (
        [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1, len(names))]
        if pairs is None
        else list(pairs)
    )
    flagged = []
    for a, b in looked_at:
        if a not in index or b not in index:
            raise ValueError(f"pairs names {a!r} and {b!r}; both must be items of the scores")
        value = float(matrix[index[a], index[b]])
        if np.isfinite(value) and value - mean > critical:
            flagged.append((a, b, round(value, 4)))
    return LocalDependence(names, matrix, mean, flagged, critical)
