"""Percentile ranks and their inverse (Kolen & Brennan ch. 2), vectorised over leading axes.

Score points are 0, 1, ..., n-1 with unit width; a score x covers [x - .5, x + .5). The last
axis of a distribution holds its proportions; any leading axes (bootstrap replications) are
carried through.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["equipercentile", "equipercentile_se", "inverse_rank", "rank_at", "ranks"]

# Ties between a percentile rank and a cumulative proportion are decided after rounding,
# as R equate does, so that 0.1 + 0.2 style noise cannot move a score to the next point.
_DIGITS = 10


def ranks(f: NDArray[np.float64]) -> NDArray[np.float64]:
    """Percentile ranks (as proportions) of the integer scores: F(x - 1) + f(x) / 2."""
    return np.cumsum(f, axis=-1) - f / 2


def rank_at(x: NDArray[np.float64], f: NDArray[np.float64]) -> NDArray[np.float64]:
    """Percentile rank (proportion) of real scores `x` (..., m) under `f` (..., n) (K&B ch. 2)."""
    n = f.shape[-1]
    cum = np.cumsum(f, axis=-1)
    star = np.clip(np.floor(x + 0.5), 0, n - 1).astype(np.intp)
    upper = np.take_along_axis(cum, star, axis=-1)
    lower = np.where(star > 0, np.take_along_axis(cum, np.maximum(star - 1, 0), axis=-1), 0.0)
    p = lower + (x - (star - 0.5)) * (upper - lower)
    return np.clip(np.where(x < -0.5, 0.0, np.where(x >= n - 0.5, 1.0, p)), 0.0, 1.0)


def _index_count(cum: NDArray[np.floating], p: NDArray[np.floating], strict: bool) -> NDArray:
    """For each p, how many cumulative proportions are <= p (or < p when strict)."""
    compare = np.less if strict else np.less_equal
    return compare(cum[..., None, :], p[..., :, None]).sum(axis=-1)


def inverse_rank(p: NDArray[np.float64], g: NDArray[np.float64]) -> NDArray[np.float64]:
    """The Y score with percentile rank `p` (K&B eq. 2.18, the upper version).

    Where the Y distribution has empty score points the upper and lower versions
    are averaged, as Kolen & Brennan suggest and R equate does.
    """
    n = g.shape[-1]
    p = np.round(p, _DIGITS)
    cum = np.round(np.cumsum(g, axis=-1), _DIGITS)
    up = np.minimum(_index_count(cum, p, strict=False), n - 1)
    below_up = np.where(up > 0, np.take_along_axis(cum, np.maximum(up - 1, 0), axis=-1), 0.0)
    g_up = np.take_along_axis(g, up, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = up - 0.5 + (p - below_up) / g_up
    low = _index_count(cum, p, strict=True)
    ok = (low >= 1) & (low <= n - 1)
    low_c = np.clip(low, 1, n - 1)
    below_low = np.take_along_axis(cum, low_c - 1, axis=-1)
    g_low = np.take_along_axis(g, low_c, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = low_c - 0.5 + (p - below_low) / g_low
    has_gap = (g == 0).any(axis=-1, keepdims=True)
    out = np.where(has_gap & ok, (upper + lower) / 2, upper)
    out = np.where(p <= 0, -0.5, np.where(p >= 1, n - 0.5, out))
    return np.asarray(out, dtype=np.float64)


def equipercentile(f: NDArray[np.float64], g: NDArray[np.float64]) -> NDArray[np.float64]:
    """Equipercentile equivalents on Y of every X score: P_Y^-1(P_X(x))."""
    return inverse_rank(np.round(ranks(f), _DIGITS), g)


def equipercentile_se(
    f: NDArray[np.float64], g: NDArray[np.float64], n_x: float, n_y: float
) -> NDArray[np.float64]:
    """Standard errors of equipercentile equating, random groups (Lord 1982; K&B ch. 7).

    Computed at the upper Y score of each percentile rank; 0 where the rank is 0 or 1.
    """
    p = np.round(ranks(f), _DIGITS)
    cum = np.round(np.cumsum(g, axis=-1), _DIGITS)
    n = g.shape[-1]
    up = np.minimum(_index_count(cum, p, strict=False), n - 1)
    below = np.where(up > 0, np.take_along_axis(cum, np.maximum(up - 1, 0), axis=-1), 0.0)
    g_up = np.take_along_axis(g, up, axis=-1)
    var = (1 - p) * p / (n_x * g_up**2) + (below - p**2 + (p - below) ** 2 / g_up) / (n_y * g_up**2)
    inside = (p > 0) & (p < 1)
    return np.where(inside, np.sqrt(np.maximum(np.where(inside, var, 0.0), 0.0)), 0.0)
