"""Random-groups equating: mean, linear and equipercentile (K&B ch. 2, 3, 7)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._bootstrap import bootstrap_se, resample
from ._loglinear import smooth_univariate
from ._percentile import equipercentile, equipercentile_se
from ._postsmooth import postsmooth
from ._result import EquatingResult, moments

__all__ = ["RANDOM_GROUPS_METHODS", "equate_random_groups"]

RANDOM_GROUPS_METHODS = ("mean", "linear", "equipercentile")


def _mean_sd(p: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    s = np.arange(p.shape[-1], dtype=np.float64)
    mean = p @ s
    sd = np.sqrt(np.maximum(p @ s**2 - mean**2, 0.0))
    return mean, sd


def _line(
    fx: NDArray[np.float64], gy: NDArray[np.float64], method: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    mx, sx = _mean_sd(fx)
    my, sy = _mean_sd(gy)
    slope = np.ones_like(mx) if method == "mean" else sy / sx
    return slope, my - slope * mx


def _core(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    degree: int | None,
    post: float | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None, NDArray[np.float64] | None]:
    """Equivalents (..., n_x) for count tables with leading replication axes."""
    if degree is not None:
        x, y = smooth_univariate(x, degree), smooth_univariate(y, degree)
    fx = x / x.sum(axis=-1, keepdims=True)
    gy = y / y.sum(axis=-1, keepdims=True)
    if method != "equipercentile":
        scores = np.arange(x.shape[-1], dtype=np.float64)
        # a one-score bootstrap resample gives NaN here and is dropped by bootstrap_se
        with np.errstate(divide="ignore", invalid="ignore"):
            slope, intercept = _line(fx, gy, method)
            return slope[..., None] * scores + intercept[..., None], slope, intercept
    if post is None:
        return equipercentile(fx, gy), None, None
    n_x, n_y = x.sum(axis=-1), y.sum(axis=-1)
    rows = [
        postsmooth(f, g, float(a), float(b), post)
        for f, g, a, b in zip(
            fx.reshape(-1, fx.shape[-1]),
            gy.reshape(-1, gy.shape[-1]),
            n_x.ravel(),
            n_y.ravel(),
            strict=True,
        )
    ]
    return np.array(rows).reshape(fx.shape), None, None


def _rg_iv(
    x: Any, y: Any, method: str, degree: int | None, post: float | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if method not in RANDOM_GROUPS_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(RANDOM_GROUPS_METHODS)}, got {method!r}"
        )
    out = []
    for name, counts in (("x", x), ("y", y)):
        c = np.asarray(counts, dtype=np.float64)
        if c.ndim != 1 or c.size < 2 or not np.all(np.isfinite(c)) or np.any(c < 0):
            raise ValueError(f"{name}: counts must be a 1-D array of at least 2 numbers >= 0")
        if c.sum() <= 0:
            raise ValueError(f"{name}: all counts are zero")
        if method != "mean" and np.count_nonzero(c) < 2:
            raise ValueError(f"{name}: scores have no variance (one score only); use mean equating")
        out.append(c)
    if post is not None and (method != "equipercentile" or degree is not None):
        raise ValueError("postsmoothing applies to unsmoothed equipercentile equating only")
    return out[0], out[1]


def equate_random_groups(
    x: Any,
    y: Any,
    method: str = "equipercentile",
    *,
    degree: int | None = None,
    postsmooth: float | None = None,
    bootstrap: int = 0,
    seed: int | None = None,
) -> EquatingResult:
    """Equate form X to form Y from score frequencies of two randomly equivalent groups.

    Args:
        x, y: frequencies of the scores 0..K_X and 0..K_Y.
        method: "mean", "linear" or "equipercentile" (percentile-rank method, K&B eq. 2.18).
        degree: log-linear presmoothing of both distributions keeping this many moments.
        postsmooth: cubic-spline postsmoothing parameter S (equipercentile only).
        bootstrap: number of bootstrap replications for the standard errors (0: analytic
            standard errors where Kolen & Brennan give them, none otherwise).
        seed: seed of the bootstrap's random numbers.
    """
    xc, yc = _rg_iv(x, y, method, degree, postsmooth)
    equated, slope, intercept = _core(xc[None], yc[None], method, degree, postsmooth)
    se, kind = None, None
    if bootstrap:
        rx, ry = (
            resample(xc, bootstrap, seed),
            resample(yc, bootstrap, None if seed is None else seed + 1),
        )
        se, kind = bootstrap_se(_core(rx, ry, method, degree, postsmooth)[0]), "bootstrap"
    elif degree is None and postsmooth is None:
        se, kind = _analytic_se(xc, yc, method), "analytic"
    return _result(
        xc,
        yc,
        method,
        equated[0],
        se,
        kind,
        slope,
        intercept,
        {
            "degree": degree,
            "postsmooth": postsmooth,
            "bootstrap": bootstrap,
            "seed": seed,
        },
    )


def _analytic_se(
    x: NDArray[np.float64], y: NDArray[np.float64], method: str
) -> NDArray[np.float64]:
    n_x, n_y = x.sum(), y.sum()
    fx, gy = x / n_x, y / n_y
    if method == "equipercentile":
        return equipercentile_se(fx, gy, n_x, n_y)
    mx, sx = _mean_sd(fx)
    _, sy = _mean_sd(gy)
    scores = np.arange(x.size, dtype=np.float64)
    if method == "mean":
        return np.full(x.size, np.sqrt(sx**2 / n_x + sy**2 / n_y))
    z = (scores - mx) / sx
    # normal-theory variance of linear equating (Braun & Holland 1982; K&B ch. 7)
    return np.sqrt(sy**2 / 2 * (1 / n_x + 1 / n_y) * (2 + z**2))


def _result(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    equated: NDArray[np.float64],
    se: NDArray[np.float64] | None,
    kind: str | None,
    slope: Any,
    intercept: Any,
    settings: dict[str, Any],
) -> EquatingResult:
    sx, sy = np.arange(x.size, dtype=np.float64), np.arange(y.size, dtype=np.float64)
    return EquatingResult(
        design="random-groups",
        method=method,
        scores=sx,
        equated=equated,
        se=se,
        se_kind=kind,
        slope=None if slope is None else float(slope[0]),
        intercept=None if intercept is None else float(intercept[0]),
        synthetic_weight=None,
        moments={"x": moments(sx, x), "y": moments(sy, y), "equated": moments(equated, x)},
        settings=settings,
    )
