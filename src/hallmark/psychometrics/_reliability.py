"""Reliability of raw scores: KR-20 (coefficient alpha), KR-21, SEM and Lord's conditional SEM.

The raw score is the number right, an omitted or unreached item counting as wrong, so item
variances here are p(1 - p) with p over all candidates. Variances divide by the total weight N
(not N - 1), as the KR-20 formula does; alpha is the same either way. Rows are weighted by their
pattern frequencies throughout.

Items worth more than a point (partial credit) enter alpha with the variance of their score;
KR-21 assumes items scored right or wrong and is then NaN, and Lord's conditional SEM counts
each point of the maximum raw score as a trial (an approximation for such items).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from hallmark.psychometrics._scoring import KeyLike, ScoringResult, as_scoring
from hallmark.psychometrics._warnings import DegenerateDataWarning

__all__ = [
    "DomainReliability",
    "Reliability",
    "csem_lord",
    "domain_reliability",
    "reliability",
]

_ROWS = 16384


@dataclass(frozen=True)
class Reliability:
    """Reliability of the raw score on a set of items.

    Attributes:
        items: the items the score sums.
        n_candidates: total weight of the candidates (their number without frequencies).
        mean: mean raw score.
        sd: standard deviation of the raw score (divides by N).
        alpha: KR-20, which is Cronbach's alpha for items scored 0/1.
        kr21: KR-21 (assumes equally difficult items; a lower bound of KR-20).
        sem: standard error of measurement, sd * sqrt(1 - alpha).
        alpha_if_deleted: alpha of the score without each item, by item.
        cut: the raw cut score asked about, if any.
        csem_at_cut: Lord's binomial conditional SEM at the cut, if a cut was given.
        max_points: the highest raw score, when some item is worth more than a point.
    """

    items: list[str]
    n_candidates: float
    mean: float
    sd: float
    alpha: float
    kr21: float
    sem: float
    alpha_if_deleted: dict[str, float]
    cut: float | None = None
    csem_at_cut: float | None = None
    max_points: int | None = None

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def kr20(self) -> float:
        """KR-20; the same number as `alpha` for 0/1 items."""
        return self.alpha

    def csem(self, raw: ArrayLike) -> np.ndarray:
        """Lord's conditional SEM at raw score(s) `raw` on this score's items."""
        return csem_lord(raw, self.max_points or self.n_items)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (NaN becomes None)."""
        return {
            "n_items": self.n_items,
            "n_candidates": _num(self.n_candidates),
            "mean": _num(self.mean),
            "sd": _num(self.sd),
            "alpha": _num(self.alpha),
            "kr20": _num(self.alpha),
            "kr21": _num(self.kr21),
            "sem": _num(self.sem),
            "alpha_if_deleted": {k: _num(v) for k, v in self.alpha_if_deleted.items()},
            "cut": _num(self.cut),
            "csem_at_cut": _num(self.csem_at_cut),
        }


@dataclass(frozen=True)
class DomainReliability:
    """Reliability of each domain subscore.

    Attributes:
        domains: domain name -> `Reliability` of the subscore on its items (in order of first
            appearance among the items).
        unassigned: scored items that belong to no domain.
    """

    domains: dict[str, Reliability]
    unassigned: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "domains": {name: r.to_dict() for name, r in self.domains.items()},
            "unassigned": list(self.unassigned),
        }


def _num(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class Moments:
    """Weighted sums from which every reliability figure of one raw score follows.

    Attributes:
        weight: total weight W.
        sum_x, sum_xx: sums of w X and w X^2 for the raw score X.
        sum_u: per item, the sum of w u (u = 1 when right, else the points earned).
        sum_ux: per item, the sum of w u X.
        sum_uu: per item, the sum of w u^2; None when every item is scored 0/1 (it is sum_u).
        maxima: per item, what it is worth; None when every item is worth one point.
    """

    weight: float
    sum_x: float
    sum_xx: float
    sum_u: np.ndarray
    sum_ux: np.ndarray
    sum_uu: np.ndarray | None = None
    maxima: np.ndarray | None = None


def csem_lord(raw: ArrayLike, n_items: int) -> np.ndarray:
    """Lord's binomial-error conditional SEM: sqrt(x (n - x) / (n - 1)).

    Args:
        raw: raw score(s) x, each between 0 and `n_items`.
        n_items: number of items n (at least 2).
    """
    x = _csem_lord_iv(raw, n_items)
    if n_items < 2:
        warnings.warn(
            "conditional SEM needs at least 2 items; reported as NaN",
            DegenerateDataWarning,
            stacklevel=2,
        )
        return np.full(x.shape, np.nan)
    return np.asarray(np.sqrt(x * (n_items - x) / (n_items - 1)))


def _csem_lord_iv(raw: ArrayLike, n_items: int) -> np.ndarray:
    if int(n_items) != n_items or n_items < 0:
        raise ValueError(f"n_items must be a non-negative whole number; got {n_items!r}")
    x = np.asarray(raw, dtype=np.float64)
    if not np.all(np.isfinite(x)) or np.any((x < 0) | (x > n_items)):
        raise ValueError(f"raw score(s) must lie between 0 and n_items ({n_items})")
    return x


def reliability(
    data: Any,
    key: KeyLike | None = None,
    weights: ArrayLike | None = None,
    cut: float | None = None,
    *,
    items: Sequence[str] | None = None,
) -> Reliability:
    """KR-20 / alpha (with alpha-if-item-deleted), KR-21, SEM and the CSEM at a cut.

    Args:
        data: a `ScoringResult`, option responses with `key`, or 0/1 scores (NaN counts as
            wrong in the raw score).
        key: the key, when `data` holds option responses.
        weights: pattern frequencies (default: the table's, else ones).
        cut: a raw cut score; the result then carries Lord's CSEM there.
        items: item names for arrays.
    """
    scored = as_scoring(data, key, _as_weights(weights), items)
    _reliability_iv(scored, cut)
    moments = group_moments(scored, [np.arange(len(scored.items))])[0]
    return reliability_from_moments(scored.items, moments, cut)


def _as_weights(weights: ArrayLike | None) -> np.ndarray | None:
    return None if weights is None else np.asarray(weights, dtype=np.float64)


def _reliability_iv(scored: ScoringResult, cut: float | None) -> None:
    top = scored.max_raw
    if cut is not None and not (np.isfinite(cut) and 0 <= cut <= top):
        raise ValueError(f"cut must be a raw score between 0 and {top}; got {cut!r}")


def domain_reliability(
    data: Any,
    domains: Mapping[str, str],
    key: KeyLike | None = None,
    weights: ArrayLike | None = None,
    *,
    items: Sequence[str] | None = None,
) -> DomainReliability:
    """Reliability of each domain subscore (items grouped by `domains`: item -> domain)."""
    scored = as_scoring(data, key, _as_weights(weights), items)
    groups = _domain_reliability_iv(scored, domains)
    moments = group_moments(scored, list(groups.values()))
    return DomainReliability(
        domains={
            name: reliability_from_moments([scored.items[j] for j in columns], m, None)
            for (name, columns), m in zip(groups.items(), moments, strict=True)
        },
        unassigned=[i for i in scored.items if i not in domains],
    )


def _domain_reliability_iv(
    scored: ScoringResult, domains: Mapping[str, str]
) -> dict[str, np.ndarray]:
    known = set(scored.items) | set(scored.dropped)
    unknown = [str(i) for i in domains if i not in known]
    if unknown:
        raise ValueError(f"domains names item(s) not in the data: {', '.join(unknown[:5])}")
    groups: dict[str, list[int]] = {}
    for j, item in enumerate(scored.items):
        if item in domains:
            groups.setdefault(str(domains[item]), []).append(j)
    if not groups:
        raise ValueError("domains assigns none of the scored items to a domain")
    return {name: np.array(columns) for name, columns in groups.items()}


def group_moments(scored: ScoringResult, groups: Sequence[np.ndarray]) -> list[Moments]:
    """One pass over the codes giving the `Moments` of each group's raw score."""
    k = len(scored.items)
    member = np.zeros((k, len(groups)))
    owner = np.full(k, -1)
    for g, columns in enumerate(groups):
        member[columns, g] = 1.0
        owner[columns] = g
    sum_x = np.zeros(len(groups))
    sum_xx = np.zeros(len(groups))
    sum_u = np.zeros(k)
    sum_uu = np.zeros(k)
    sum_ux = np.zeros((k, len(groups)))
    for start, block in scored.row_blocks(_ROWS):
        w = scored.weights[start : start + len(block)]
        right = scored.points(block).astype(np.float64)
        totals = right @ member
        weighted = totals * w[:, None]
        sum_x += weighted.sum(axis=0)
        sum_xx += (weighted * totals).sum(axis=0)
        sum_u += w @ right
        sum_uu += w @ right**2
        sum_ux += right.T @ weighted
    weight = float(scored.weights.sum())
    poly = scored.polytomous
    return [
        Moments(
            weight,
            float(sum_x[g]),
            float(sum_xx[g]),
            sum_u[columns],
            sum_ux[columns, g],
            sum_uu[columns] if poly else None,
            scored.maxima[columns] if poly else None,
        )
        for g, columns in enumerate(groups)
    ]


def reliability_from_moments(items: Sequence[str], m: Moments, cut: float | None) -> Reliability:
    """Every figure of `Reliability` from the weighted sums of one raw score."""
    k = len(items)
    top = k if m.maxima is None else int(m.maxima.sum())
    mean = m.sum_x / m.weight
    var_x = max(m.sum_xx / m.weight - mean**2, 0.0)
    p = m.sum_u / m.weight  # the mean item score
    item_var = p * (1 - p) if m.sum_uu is None else m.sum_uu / m.weight - p**2
    cov_x = m.sum_ux / m.weight - p * mean
    degenerate = k < 2 or var_x <= 1e-12 * max(1.0, m.sum_xx / m.weight)
    if degenerate:
        warnings.warn(
            f"alpha is undefined for a score on {k} item(s) with variance {var_x:.3g}; "
            "alpha, KR-21 and alpha if deleted are reported as NaN",
            DegenerateDataWarning,
            stacklevel=3,
        )
        alpha = kr21 = float("nan")
    else:
        alpha = k / (k - 1) * (1 - item_var.sum() / var_x)
        kr21 = k / (k - 1) * (1 - mean * (k - mean) / (k * var_x))
        if m.maxima is not None:
            kr21 = float("nan")  # KR-21 is for items scored right or wrong
    sd = float(np.sqrt(var_x))
    return Reliability(
        items=list(items),
        n_candidates=m.weight,
        mean=float(mean),
        sd=sd,
        alpha=float(alpha),
        kr21=float(kr21),
        # alpha within rounding above 1 (items all alike) is an SEM of 0, not sqrt(-1e-16).
        sem=float(sd * np.sqrt(max(0.0, 1 - alpha))) if np.isfinite(alpha) else float("nan"),
        alpha_if_deleted=(
            dict.fromkeys(items, float("nan"))
            if degenerate
            else _alpha_if_deleted(items, item_var, cov_x, var_x)
        ),
        cut=None if cut is None else float(cut),
        csem_at_cut=None if cut is None else float(csem_lord(cut, top)),
        max_points=None if m.maxima is None else top,
    )


def _alpha_if_deleted(
    items: Sequence[str], item_var: np.ndarray, cov_x: np.ndarray, var_x: float
) -> dict[str, float]:
    k = len(items)
    if k < 3:
        if k == 2:
            warnings.warn(
                "alpha if deleted is undefined for a score on 2 items (one would remain); "
                "reported as NaN",
                DegenerateDataWarning,
                stacklevel=4,
            )
        return {item: float("nan") for item in items}
    # Var(X - u_j) = Var X - 2 Cov(u_j, X) + Var u_j
    rest_var = var_x - 2 * cov_x + item_var
    rest_items = item_var.sum() - item_var
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (k - 1) / (k - 2) * (1 - rest_items / rest_var)
    flat = rest_var <= 1e-12 * max(1.0, var_x)
    if flat.any():
        warnings.warn(
            "alpha if deleted is undefined where the rest score has no variance: "
            + ", ".join(str(items[j]) for j in np.flatnonzero(flat)[:5]),
            DegenerateDataWarning,
            stacklevel=4,
        )
        values[flat] = np.nan
    return {item: float(v) for item, v in zip(items, values, strict=True)}
