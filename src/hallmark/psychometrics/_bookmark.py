"""The Bookmark method: an ordered item booklet at a response probability, and the panel's cut.

Each item's RP location is the theta where a candidate answers it correctly with probability
`rp` (0.67 by default): for P = c + (1 - c) / (1 + exp(-D (a theta + d))),

    theta_rp = (log(q / (1 - q)) / D - d) / a,   q = (rp - c) / (1 - c),

which needs rp > c. The booklet orders the items by that location, easiest first, page 1 to n.

A panelist places the bookmark on the first page whose item the minimally competent candidate
would no longer answer correctly with probability rp. Following Mitzel, Lewis, Patz & Green
(2001), as reviewed by Karantonis & Sireci (2006), the panelist's cut on theta is the RP location
of the last item before the bookmark (`convention="previous"`, pages 2..n). Two variants some
programs use are offered: the bookmarked item's own location (`"bookmarked"`, pages 1..n) and
the midpoint of the two (`"midpoint"`, pages 2..n).

The panel's cut is the median (or mean) of the panelists' cuts in the last round; every round
reports its cut, the sd across panelists (dividing by panelists - 1) and a standard error:
sd / sqrt(n) for the mean, sqrt(pi / 2) sd / sqrt(n) for the median (its large-sample value
under normality). The raw cut on a form is the test characteristic curve at the theta cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics._standard_setting import pass_rate, raw_cut_from

__all__ = [
    "BOOKMARK_CONVENTIONS",
    "BookmarkResult",
    "BookmarkRound",
    "OrderedItemBooklet",
    "bookmark",
    "ordered_item_booklet",
    "tcc_score",
]

BOOKMARK_CONVENTIONS = ("previous", "bookmarked", "midpoint")
AGGREGATES = ("median", "mean")
_MEDIAN_SE = math.sqrt(math.pi / 2)


def _item_arrays(
    a: ArrayLike, d: ArrayLike, c: ArrayLike | None, names: tuple[str, ...] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    a_ = np.asarray(a, dtype=np.float64).reshape(-1)
    d_ = np.asarray(d, dtype=np.float64).reshape(-1)
    c_ = np.zeros(a_.size) if c is None else np.asarray(c, dtype=np.float64).reshape(-1)
    k = a_.size if names is None else len(names)
    if not (a_.size == d_.size == c_.size == k) or k < 1:
        raise ValueError(f"a, d and c must each give one value per item ({k} items)")

    def item(i: int) -> str:
        return f"item {names[i]!r}" if names is not None else f"item {i + 1}"

    for name, values in (("a", a_), ("d", d_), ("c", c_)):
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise ValueError(f"{name} of {item(int(bad[0]))} is not a finite number")
    if np.any(a_ <= 0):
        raise ValueError(f"a of {item(int(np.flatnonzero(a_ <= 0)[0]))} must be positive")
    if np.any((c_ < 0) | (c_ >= 1)):
        bad_c = int(np.flatnonzero((c_ < 0) | (c_ >= 1))[0])
        raise ValueError(f"c of {item(bad_c)} must lie in [0, 1)")
    return a_, d_, c_


def tcc_score(
    theta: float, a: ArrayLike, d: ArrayLike, c: ArrayLike | None = None, scale: float = 1.0
) -> float:
    """The expected raw score at `theta`: the sum of the items' probabilities (the TCC)."""
    a_, d_, c_ = _item_arrays(a, d, c)
    if not (math.isfinite(theta) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"theta must be finite and scale positive; got {theta}, {scale}")
    z = scale * (a_ * theta + d_)
    return float(np.sum(c_ + (1.0 - c_) * 0.5 * (1.0 + np.tanh(0.5 * z))))


@dataclass(frozen=True)
class OrderedItemBooklet:
    """Items in page order (easiest first) with their RP locations.

    Attributes:
        items: item names, page 1 first.
        locations: each page's RP location on theta.
        order: for each page, the item's index in the parameters given.
        a, d, c: the items' parameters in page order.
        rp: the response probability.
        scale: the logistic constant D of the parameters.
    """

    items: tuple[str, ...]
    locations: NDArray[np.float64]
    order: NDArray[np.intp]
    a: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    rp: float
    scale: float

    @property
    def n_pages(self) -> int:
        return len(self.items)

    def expected_score(self, theta: float) -> float:
        """The booklet's own expected raw score at `theta`."""
        return tcc_score(theta, self.a, self.d, self.c, self.scale)


def ordered_item_booklet(
    items: ArrayLike,
    a: ArrayLike,
    d: ArrayLike,
    c: ArrayLike | None = None,
    *,
    scale: float = 1.0,
    rp: float = 0.67,
) -> OrderedItemBooklet:
    """Order items by their RP locations (ties keep the order given).

    `a`, `d` (intercept, b = -d / a) and `c` are on the logistic constant `scale` (1 or 1.702).
    """
    names = tuple(str(x) for x in np.asarray(items, dtype=object).reshape(-1))
    a_, d_, c_ = _item_arrays(a, d, c, names)
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, got {scale}")
    if not (math.isfinite(rp) and 0 < rp < 1):
        raise ValueError(f"rp must lie between 0 and 1, got {rp}")
    low = np.flatnonzero(c_ >= rp)
    if low.size:
        raise ValueError(
            f"item {names[low[0]]!r} has c = {c_[low[0]]:g} >= rp = {rp:g}: no theta gives P = rp"
        )
    q = (rp - c_) / (1.0 - c_)
    with np.errstate(over="ignore"):
        locations = (np.log(q / (1.0 - q)) / scale - d_) / a_
    far = np.flatnonzero(~np.isfinite(locations))
    if far.size:
        raise ValueError(f"item {names[far[0]]!r}: its RP location is not a finite number")
    order = np.argsort(locations, kind="stable")
    return OrderedItemBooklet(
        items=tuple(names[i] for i in order),
        locations=locations[order],
        order=order.astype(np.intp),
        a=a_[order],
        d=d_[order],
        c=c_[order],
        rp=float(rp),
        scale=float(scale),
    )


@dataclass(frozen=True)
class BookmarkRound:
    """One round: each panelist's page and theta cut, and the panel's cut with its spread."""

    round: int
    pages: NDArray[np.int64]
    thetas: NDArray[np.float64]
    cut: float
    sd: float
    se: float


@dataclass(frozen=True)
class BookmarkResult:
    """The Bookmark study's arithmetic.

    Attributes:
        rounds: every round in order; the last one gives the cut.
        theta_cut: the panel's cut on theta (last round).
        se: its standard error across panelists (last round).
        sd: the spread of the panelists' cuts (last round).
        median_page: the median bookmark page of the last round.
        convention: how a page becomes a cut ("previous", "bookmarked", "midpoint").
        aggregate: "median" or "mean".
        booklet: the ordered item booklet.
    """

    rounds: tuple[BookmarkRound, ...]
    theta_cut: float
    se: float
    sd: float
    median_page: float
    convention: str
    aggregate: str
    booklet: OrderedItemBooklet

    def expected_score(
        self,
        a: ArrayLike | None = None,
        d: ArrayLike | None = None,
        c: ArrayLike | None = None,
        scale: float | None = None,
    ) -> float:
        """The cut on a form's raw scores: its TCC at the theta cut (default: the booklet)."""
        if a is None or d is None:
            return self.booklet.expected_score(self.theta_cut)
        return tcc_score(self.theta_cut, a, d, c, self.booklet.scale if scale is None else scale)

    def raw_cut(
        self,
        a: ArrayLike | None = None,
        d: ArrayLike | None = None,
        c: ArrayLike | None = None,
        scale: float | None = None,
    ) -> int:
        """The whole raw cut (expected score rounded up) on the booklet or on a form."""
        return raw_cut_from(self.expected_score(a, d, c, scale))

    def projected_pass_rate(self, scores: ArrayLike, raw_cut: float | None = None) -> float:
        """The share of these raw scores at or above the raw cut (default: the booklet's)."""
        return pass_rate(scores, self.expected_score() if raw_cut is None else raw_cut)


def _page_thetas(booklet: OrderedItemBooklet, pages: NDArray[np.int64], convention: str) -> NDArray:
    loc = booklet.locations
    at = loc[pages - 1]
    if convention == "bookmarked":
        return at
    before = loc[pages - 2]
    return before if convention == "previous" else 0.5 * (before + at)


def _placements_iv(
    booklet: OrderedItemBooklet, placements: ArrayLike, convention: str, aggregate: str
) -> NDArray[np.float64]:
    if convention not in BOOKMARK_CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(BOOKMARK_CONVENTIONS)}")
    if aggregate not in AGGREGATES:
        raise ValueError(f"aggregate must be one of {', '.join(AGGREGATES)}")
    p = np.asarray(placements, dtype=np.float64)
    if p.ndim == 1:
        p = p.reshape(1, -1)
    if p.ndim != 2 or p.shape[1] < 2:
        raise ValueError("placements must be (rounds, panelists) with at least two panelists")
    first = 1 if convention == "bookmarked" else 2
    for r, row in enumerate(p, start=1):
        for j, page in enumerate(row, start=1):
            if not (math.isfinite(page) and page == int(page) and first <= page <= booklet.n_pages):
                raise ValueError(
                    f"round {r}, panelist {j}: page {page:g} is not a page {first}.."
                    f"{booklet.n_pages} of the booklet (convention {convention!r})"
                )
    return p


def bookmark(
    booklet: OrderedItemBooklet,
    placements: ArrayLike,
    *,
    convention: str = "previous",
    aggregate: str = "median",
) -> BookmarkResult:
    """The panel's cut from bookmark pages, (rounds, panelists) or one round of panelists."""
    p = _placements_iv(booklet, placements, convention, aggregate)
    rounds = []
    for r, row in enumerate(p.astype(np.int64), start=1):
        thetas = _page_thetas(booklet, row, convention)
        sd = float(np.std(thetas, ddof=1))
        n = math.sqrt(thetas.size)
        if aggregate == "median":
            cut, se = float(np.median(thetas)), _MEDIAN_SE * sd / n
        else:
            cut, se = float(np.mean(thetas)), sd / n
        rounds.append(BookmarkRound(r, row, thetas, cut, sd, se))
    last = rounds[-1]
    return BookmarkResult(
        rounds=tuple(rounds),
        theta_cut=last.cut,
        se=last.se,
        sd=last.sd,
        median_page=float(np.median(last.pages)),
        convention=convention,
        aggregate=aggregate,
        booklet=booklet,
    )
