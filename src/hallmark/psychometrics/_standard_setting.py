"""Standard setting: the modified-Angoff cut score, impact data and the Hofstee compromise.

Modified Angoff: each panelist rates, for every item, the probability that a minimally
competent candidate answers it correctly. A panelist's sum of ratings is the raw score that
panelist would set; the recommended cut is the mean of the sums, with the standard error of
that mean across panelists (sd / sqrt(panelists), sd dividing by panelists - 1).

Hofstee: each panelist names the lowest and highest acceptable cut (percent correct) and the
lowest and highest acceptable fail rate (percent). With the panel's means, the line from
(lowest cut, highest fail rate) to (highest cut, lowest fail rate) is drawn against the
observed fail rate F(x), the percent of candidates whose percent-correct score is below x,
taken at every possible raw score and joined by straight lines. The compromise cut is where
the line crosses F. A candidate passes with a raw score at or above the cut.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics._warnings import DegenerateDataWarning

__all__ = [
    "AngoffResult",
    "HofsteeResult",
    "angoff",
    "hofstee",
    "pass_rate",
    "raw_cut_from",
]

_EPS = 1e-9


def raw_cut_from(cut: float) -> int:
    """The whole raw score a candidate needs: a fractional cut is rounded up (5.9 -> 6)."""
    return math.ceil(cut - _EPS)


def pass_rate(scores: ArrayLike, cut: float) -> float:
    """Share of `scores` (raw) at or above the raw cut `cut` (rounded up to a whole score)."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if s.size == 0:
        return math.nan
    return float(np.mean(s >= raw_cut_from(cut)))


@dataclass(frozen=True)
class AngoffResult:
    """A modified-Angoff round's arithmetic.

    Attributes:
        panelist_sums: each panelist's sum of ratings (the raw cut they would set).
        cut: the recommended raw cut, the mean of `panelist_sums`.
        sd: standard deviation of the sums across panelists (divides by panelists - 1).
        se: standard error of the cut, sd / sqrt(panelists).
        item_means: the panel's mean rating of each item.
        item_sds: the spread of the ratings of each item across panelists (agreement: smaller
            is closer).
        mean_item_sd: the mean of `item_sds`, one number for the panel's agreement.
        not_sure: per item, how many panelists marked their rating "not sure".
        n_items: the number of items rated.
        max_points: the highest raw score on them, when some item is worth more than a point.
    """

    panelist_sums: NDArray[np.float64]
    cut: float
    sd: float
    se: float
    item_means: NDArray[np.float64]
    item_sds: NDArray[np.float64]
    mean_item_sd: float
    not_sure: NDArray[np.int64]
    n_items: int
    max_points: float | None = None

    @property
    def raw_cut(self) -> int:
        """The recommended cut as a whole raw score (rounded up)."""
        return raw_cut_from(self.cut)

    @property
    def percent_cut(self) -> float:
        """The cut as a percent of the highest raw score (the items rated, or their points)."""
        return 100.0 * self.cut / (self.max_points or self.n_items)

    def confidence_interval(self, z: float = 1.96) -> tuple[float, float]:
        """The cut plus and minus `z` standard errors."""
        return (self.cut - z * self.se, self.cut + z * self.se)

    def projected_pass_rate(self, scores: ArrayLike) -> float:
        """The share of these raw scores that would pass at the recommended cut."""
        return pass_rate(scores, self.cut)


def _angoff_iv(ratings: ArrayLike, not_sure: ArrayLike | None) -> tuple[NDArray, NDArray]:
    r = np.asarray(ratings, dtype=np.float64)
    if r.ndim != 2 or r.shape[0] < 1 or r.shape[1] < 1:
        raise ValueError("ratings must be 2-D (panelists, items) with at least one of each")
    if not np.all(np.isfinite(r)):
        raise ValueError("ratings must all be given (no NaN): every panelist rates every item")
    if np.any((r < 0) | (r > 1)):
        raise ValueError("ratings must be probabilities between 0 and 1")
    if not_sure is None:
        marks = np.zeros(r.shape, dtype=bool)
    else:
        marks = np.asarray(not_sure, dtype=bool)
        if marks.shape != r.shape:
            raise ValueError(
                f"not_sure must have the shape of ratings {r.shape}; got {marks.shape}"
            )
    return r, marks


def angoff(
    ratings: ArrayLike, not_sure: ArrayLike | None = None, *, points: ArrayLike | None = None
) -> AngoffResult:
    """The modified-Angoff cut from a (panelists, items) table of ratings in [0, 1].

    `not_sure` marks ratings a panelist was unsure of (same shape); they count like any other
    rating and are reported per item for the discussion between rounds. `points` gives what
    each item is worth where some item scores partial credit: a rating is then the share of the
    item's points the minimally competent candidate is expected to earn, and a panelist's cut
    sums rating times points. With one panelist the sd and se are NaN, with a
    `DegenerateDataWarning`.
    """
    r, marks = _angoff_iv(ratings, not_sure)
    worth = np.ones(r.shape[1]) if points is None else np.asarray(points, dtype=np.float64)
    if worth.shape != (r.shape[1],) or not np.all(worth >= 1):
        raise ValueError(f"points must give each of the {r.shape[1]} items a worth of 1 or more")
    sums = r @ worth
    n_panelists = r.shape[0]
    if n_panelists < 2:
        warnings.warn(
            "one panelist: the spread and standard error of the cut are undefined",
            DegenerateDataWarning,
            stacklevel=2,
        )
        sd = math.nan
        item_sds = np.full(r.shape[1], math.nan)
    else:
        sd = float(np.std(sums, ddof=1))
        item_sds = np.std(r, axis=0, ddof=1)
    return AngoffResult(
        panelist_sums=sums,
        cut=float(sums.mean()),
        sd=sd,
        se=sd / math.sqrt(n_panelists),
        item_means=r.mean(axis=0),
        item_sds=item_sds,
        mean_item_sd=float(np.mean(item_sds)),
        not_sure=marks.sum(axis=0).astype(np.int64),
        n_items=r.shape[1],
        max_points=None if points is None else float(worth.sum()),
    )


@dataclass(frozen=True)
class HofsteeResult:
    """The Hofstee compromise.

    Attributes:
        lowest_cut, highest_cut: the panel's mean acceptable cuts, percent correct.
        lowest_fail, highest_fail: the panel's mean acceptable fail rates, percent.
        percent_cut: where the line crosses the observed fail-rate curve (percent correct).
        cut: the same as a raw score.
        fail_rate: the observed fail rate at the whole raw cut, percent.
        intersects: False when the line does not cross the curve between the lowest and
            highest cut; the cut is then the nearer end (with a DegenerateDataWarning).
        n_items: the number of scored items.
    """

    lowest_cut: float
    highest_cut: float
    lowest_fail: float
    highest_fail: float
    percent_cut: float
    cut: float
    fail_rate: float
    intersects: bool
    n_items: int

    @property
    def raw_cut(self) -> int:
        return raw_cut_from(self.cut)


def _hofstee_iv(scores: ArrayLike, n_items: int, judgements: ArrayLike) -> tuple[NDArray, NDArray]:
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if s.size == 0:
        raise ValueError("scores must hold at least one candidate's raw score")
    if n_items < 1:
        raise ValueError(f"n_items must be at least 1; got {n_items}")
    if np.any((s < 0) | (s > n_items)) or not np.all(np.isfinite(s)):
        raise ValueError(f"scores must be raw scores between 0 and {n_items}")
    j = np.asarray(judgements, dtype=np.float64)
    if j.ndim == 1:
        j = j.reshape(1, -1)
    if j.ndim != 2 or j.shape[1] != 4 or j.shape[0] < 1:
        raise ValueError(
            "judgements must be (panelists, 4): lowest cut, highest cut, lowest fail rate, "
            "highest fail rate, in percent"
        )
    if np.any((j < 0) | (j > 100)) or not np.all(np.isfinite(j)):
        raise ValueError("judgements must be percents between 0 and 100")
    if np.any(j[:, 0] >= j[:, 1]):
        raise ValueError("each panelist's lowest acceptable cut must be below the highest")
    if np.any(j[:, 2] >= j[:, 3]):
        raise ValueError("each panelist's lowest acceptable fail rate must be below the highest")
    return s, j.mean(axis=0)


def _fail_curve(scores: NDArray, n_items: int) -> tuple[NDArray, NDArray]:
    """Percent correct of each whole raw cut 0..n_items, and the percent failing there."""
    cuts = np.arange(n_items + 1, dtype=np.float64)
    fails = 100.0 * np.array([np.mean(scores < c) for c in cuts])
    return 100.0 * cuts / n_items, fails


def hofstee(scores: ArrayLike, n_items: int, judgements: ArrayLike) -> HofsteeResult:
    """The Hofstee compromise cut.

    Args:
        scores: the observed raw scores.
        n_items: the number of scored items (the highest raw score).
        judgements: (panelists, 4) or one row of 4: lowest and highest acceptable cut
            (percent correct), lowest and highest acceptable fail rate (percent).
    """
    s, (k_lo, k_hi, f_lo, f_hi) = _hofstee_iv(scores, n_items, judgements)
    x, fails = _fail_curve(s, n_items)
    grid = np.unique(np.concatenate([[k_lo, k_hi], x[(x > k_lo) & (x < k_hi)]]))
    curve = np.interp(grid, x, fails)
    line = f_hi + (f_lo - f_hi) * (grid - k_lo) / (k_hi - k_lo)
    gap = curve - line  # rises from below the line to above it
    crossing = np.flatnonzero(gap >= 0)
    intersects = crossing.size > 0 and gap[0] <= 0
    if crossing.size == 0:
        percent = float(k_hi)
    elif crossing[0] == 0:
        percent = float(k_lo)
    else:
        i = int(crossing[0])
        t = -gap[i - 1] / (gap[i] - gap[i - 1])
        percent = float(grid[i - 1] + t * (grid[i] - grid[i - 1]))
    if not intersects:
        warnings.warn(
            "the Hofstee line does not cross the observed fail rates between the lowest and "
            f"highest acceptable cut; the cut is the nearer end ({percent:.1f}%)",
            DegenerateDataWarning,
            stacklevel=2,
        )
    cut = percent * n_items / 100.0
    return HofsteeResult(
        lowest_cut=float(k_lo),
        highest_cut=float(k_hi),
        lowest_fail=float(f_lo),
        highest_fail=float(f_hi),
        percent_cut=percent,
        cut=cut,
        fail_rate=100.0 * float(np.mean(s < raw_cut_from(cut))),
        intersects=bool(intersects),
        n_items=n_items,
    )
