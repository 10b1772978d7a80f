"""Contrasting groups, an examinee-centred standard.

Contrasting groups (Livingston & Zieky 1982): judges who know the candidates' work call each
one qualified or not qualified, without seeing the scores. A candidate passes at a score at or
above the cut. Three ways to place the cut:

- ``misclassification``: the whole raw cut with the smallest weighted count of false passes
  (not qualified, passing) and false fails (qualified, failing); among tied cuts, the middle
  one (the lower of the two middle ones).
- ``logistic``: the logistic regression of the judgement (qualified = 1) on the score, fitted
  by maximum likelihood; the cut is where P(qualified) = w_fp / (w_fp + w_fn), which is 0.5
  with equal weights (passing costs w_fp (1 - P), failing costs w_fn P).
- ``midpoint``: the midpoint of the two groups' median scores.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics._standard_setting import raw_cut_from
from hallmark.psychometrics._warnings import ConvergenceWarning, DegenerateDataWarning

__all__ = [
    "CONTRASTING_METHODS",
    "ContrastingGroupsResult",
    "Misclassification",
    "contrasting_groups",
    "misclassification_table",
]

CONTRASTING_METHODS = ("misclassification", "logistic", "midpoint")


@dataclass(frozen=True)
class Misclassification:
    """Who passes and fails at a whole raw cut, by the judges' call."""

    cut: int
    qualified_pass: int
    qualified_fail: int
    not_qualified_pass: int
    not_qualified_fail: int

    @property
    def false_pass(self) -> int:
        return self.not_qualified_pass

    @property
    def false_fail(self) -> int:
        return self.qualified_fail

    @property
    def misclassified(self) -> float:
        """The share of all judged candidates the cut puts on the other side of their call."""
        total = self.qualified_pass + self.qualified_fail + self.not_qualified_pass
        total += self.not_qualified_fail
        return (self.false_pass + self.false_fail) / total


@dataclass(frozen=True)
class ContrastingGroupsResult:
    """A contrasting-groups cut with its settings and its misclassification table.

    Attributes:
        method: "misclassification", "logistic" or "midpoint".
        cut: the method's cut on the score scale (fractional for logistic and midpoint).
        table: the misclassification table at the whole raw cut.
        false_pass_weight, false_fail_weight: the relative costs of the two errors.
        n_qualified, n_not_qualified: the group sizes.
        median_qualified, median_not_qualified: the groups' median scores.
        intercept, slope: the logistic regression's coefficients (NaN for other methods).
        tied_cuts: the whole cuts with the smallest loss (misclassification only).
    """

    method: str
    cut: float
    table: Misclassification
    false_pass_weight: float
    false_fail_weight: float
    n_qualified: int
    n_not_qualified: int
    median_qualified: float
    median_not_qualified: float
    intercept: float = math.nan
    slope: float = math.nan
    tied_cuts: tuple[int, ...] = ()

    @property
    def raw_cut(self) -> int:
        """The whole raw score a candidate needs (the cut rounded up)."""
        return raw_cut_from(self.cut)

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["raw_cut"] = self.raw_cut
        doc["table"]["misclassified"] = self.table.misclassified
        doc["tied_cuts"] = list(self.tied_cuts)
        return doc


def raw_scores(name: str, values: ArrayLike) -> NDArray[np.float64]:
    """`values` as a flat array of raw scores; a NaN or negative one is named by position."""
    s = np.asarray(values, dtype=np.float64).reshape(-1)
    bad = np.flatnonzero(~np.isfinite(s) | (s < 0))
    if bad.size:
        raise ValueError(f"{name}: score {int(bad[0]) + 1} ({s[bad[0]]:g}) is not a raw score >= 0")
    return s


def _contrasting_iv(
    qualified: ArrayLike, not_qualified: ArrayLike, method: str, w_fp: float, w_fn: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if method not in CONTRASTING_METHODS:
        raise ValueError(f"method must be one of {', '.join(CONTRASTING_METHODS)}; got {method!r}")
    for name, w in (("false_pass_weight", w_fp), ("false_fail_weight", w_fn)):
        if not (math.isfinite(w) and w > 0):
            raise ValueError(f"{name} must be a positive number; got {w}")
    q = raw_scores("qualified", qualified)
    nq = raw_scores("not_qualified", not_qualified)
    for name, group in (("qualified", q), ("not_qualified", nq)):
        if group.size < 1:
            raise ValueError(f"{name}: no candidates; both groups need at least one")
    return q, nq


def misclassification_table(
    qualified: ArrayLike, not_qualified: ArrayLike, cut: float
) -> Misclassification:
    """Count passes and fails of each group at the whole raw cut `cut` (rounded up)."""
    q = np.asarray(qualified, dtype=np.float64)
    nq = np.asarray(not_qualified, dtype=np.float64)
    c = raw_cut_from(cut)
    return Misclassification(
        cut=c,
        qualified_pass=int(np.sum(q >= c)),
        qualified_fail=int(np.sum(q < c)),
        not_qualified_pass=int(np.sum(nq >= c)),
        not_qualified_fail=int(np.sum(nq < c)),
    )


def _least_loss(
    q: NDArray[np.float64], nq: NDArray[np.float64], w_fp: float, w_fn: float
) -> tuple[float, tuple[int, ...]]:
    both = np.concatenate([q, nq])
    cuts = np.arange(math.floor(both.min()), math.floor(both.max()) + 2)
    false_pass = (nq[None, :] >= cuts[:, None]).sum(axis=1)
    false_fail = (q[None, :] < cuts[:, None]).sum(axis=1)
    loss = w_fp * false_pass + w_fn * false_fail
    tied = cuts[np.isclose(loss, loss.min(), rtol=0, atol=1e-9)]
    return float(tied[(tied.size - 1) // 2]), tuple(int(c) for c in tied)


def _logistic(
    q: NDArray[np.float64], nq: NDArray[np.float64], p_cut: float
) -> tuple[float, float, float]:
    """Cut, intercept and slope of P(qualified | score), by Newton-Raphson on centred scores."""
    if q.max() <= nq.min():
        raise ValueError(
            "every qualified candidate scores at or below every not qualified one; "
            "no cut separates them"
        )
    if nq.max() <= q.min():
        cut = 0.5 * (nq.max() + q.min())
        warnings.warn(
            "the groups do not overlap, so the logistic regression has no finite estimate; "
            f"the cut is the middle of the gap between them ({cut:g})",
            DegenerateDataWarning,
            stacklevel=3,
        )
        return cut, math.nan, math.nan
    x = np.concatenate([q, nq])
    y = np.concatenate([np.ones(q.size), np.zeros(nq.size)])
    centre, spread = float(x.mean()), float(x.std())
    z = np.column_stack([np.ones(x.size), (x - centre) / spread])
    beta = np.zeros(2)
    for _ in range(100):
        p = 0.5 * (1.0 + np.tanh(0.5 * (z @ beta)))  # the logistic function, without overflow
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z, z.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-10:
            break
    else:
        warnings.warn(
            "the logistic regression did not settle in 100 Newton steps",
            ConvergenceWarning,
            stacklevel=3,
        )
    slope = beta[1] / spread
    intercept = beta[0] - slope * centre
    if slope <= 0:
        raise ValueError(
            "the qualified candidates do not score higher than the not qualified "
            f"(logistic slope {slope:.4g}); no cut separates them"
        )
    return (math.log(p_cut / (1 - p_cut)) - intercept) / slope, float(intercept), float(slope)


def contrasting_groups(
    qualified: ArrayLike,
    not_qualified: ArrayLike,
    method: str = "misclassification",
    *,
    false_pass_weight: float = 1.0,
    false_fail_weight: float = 1.0,
) -> ContrastingGroupsResult:
    """The contrasting-groups cut from the raw scores of the two judged groups."""
    q, nq = _contrasting_iv(qualified, not_qualified, method, false_pass_weight, false_fail_weight)
    extra: dict[str, Any] = {}
    if method == "misclassification":
        cut, extra["tied_cuts"] = _least_loss(q, nq, false_pass_weight, false_fail_weight)
    elif method == "logistic":
        p_cut = false_pass_weight / (false_pass_weight + false_fail_weight)
        cut, extra["intercept"], extra["slope"] = _logistic(q, nq, p_cut)
    else:
        cut = 0.5 * float(np.median(q) + np.median(nq))
    return ContrastingGroupsResult(
        method=method,
        cut=float(cut),
        table=misclassification_table(q, nq, cut),
        false_pass_weight=float(false_pass_weight),
        false_fail_weight=float(false_fail_weight),
        n_qualified=int(q.size),
        n_not_qualified=int(nq.size),
        median_qualified=float(np.median(q)),
        median_not_qualified=float(np.median(nq)),
        **extra,
    )
