"""Cubic-spline postsmoothing of equipercentile equating (Kolen 1984; K&B ch. 3).

The smoothest cubic spline (Reinsch 1967) through the equivalents of the scores whose
percentile ranks lie between .5 and 99.5, weighted by their standard errors: it moves the
equivalents by `s` standard errors on average (mean squared standardised difference = s).
Outside that range the function runs straight to (-.5, -.5) and (K_X + .5, K_Y + .5).
The spline of X to Y is averaged with the inverse of the spline of Y to X, so that the
result is symmetric (K&B ch. 3).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import CubicSpline, make_smoothing_spline
from scipy.optimize import brentq

from ._percentile import equipercentile, equipercentile_se, ranks

__all__ = ["postsmooth"]

LOW_RANK, HIGH_RANK = 0.005, 0.995
_GRID = 4001


def _reinsch(
    x: NDArray[np.float64], y: NDArray[np.float64], se: NDArray[np.float64], s: float
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """The smoothest cubic spline (least integrated squared second derivative) whose mean
    squared standardised distance from the points is s (Reinsch 1967), as Kolen uses."""
    if s == 0:
        return CubicSpline(x, y, bc_type="natural")
    w = 1 / se**2

    def excess(log_lam: float) -> float:
        g = make_smoothing_spline(x, y, w=w, lam=float(np.exp(log_lam)))
        return float(np.mean(w * (y - g(x)) ** 2)) - s

    low, high = -30.0, 30.0
    if excess(high) <= 0:  # even the straight line is close enough
        return make_smoothing_spline(x, y, w=w, lam=float(np.exp(high)))
    log_lam = brentq(excess, low, high, xtol=1e-10)
    return make_smoothing_spline(x, y, w=w, lam=float(np.exp(log_lam)))


def _one_way(
    f: NDArray[np.float64], g: NDArray[np.float64], n_f: float, n_g: float, s: float
) -> NDArray[np.float64]:
    """Spline-smoothed equivalents of every score of f on the scale of g."""
    e = equipercentile(f, g)
    se = equipercentile_se(f, g, n_f, n_g)
    p = ranks(f)
    x = np.arange(f.size, dtype=np.float64)
    inside = (p >= LOW_RANK) & (p <= HIGH_RANK) & (se > 0)
    if inside.sum() < 4:
        raise ValueError("postsmoothing needs at least 4 scores between percentile ranks .5-99.5")
    lo, hi = np.flatnonzero(inside)[[0, -1]]
    xs = x[lo : hi + 1]
    keep = inside[lo : hi + 1]
    out = _reinsch(xs[keep], e[lo : hi + 1][keep], se[lo : hi + 1][keep], s)(x)
    top_y = g.size - 0.5
    d_lo, d_hi = out[lo], out[hi]
    below = x < lo
    above = x > hi
    out[below] = -0.5 + (x[below] + 0.5) * (d_lo + 0.5) / (lo + 0.5)
    out[above] = d_hi + (x[above] - hi) * (top_y - d_hi) / (f.size - 0.5 - hi)
    return out


def postsmooth(
    f: NDArray[np.float64], g: NDArray[np.float64], n_x: float, n_y: float, s: float
) -> NDArray[np.float64]:
    """Postsmoothed equipercentile equivalents on Y of the X scores (proportions f, g)."""
    if not s >= 0:
        raise ValueError(f"the postsmoothing parameter must be >= 0, got {s}")
    x_to_y = _one_way(f, g, n_x, n_y, s)
    y_to_x = _one_way(g, f, n_y, n_x, s)
    # invert the Y-to-X function on a fine grid of Y scores (it is increasing)
    grid = np.linspace(-0.5, g.size - 0.5, _GRID)
    on_x = np.interp(grid, np.arange(g.size, dtype=np.float64), y_to_x)
    on_x = np.maximum.accumulate(on_x)
    x = np.arange(f.size, dtype=np.float64)
    inverse = np.interp(x, on_x, grid)
    return (x_to_y + inverse) / 2
