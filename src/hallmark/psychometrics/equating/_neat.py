"""Common-item nonequivalent groups (NEAT) equating (K&B ch. 4 and 5).

Form X was taken by population 1 (P), form Y by population 2 (Q); both took the anchor V.
Each table holds the joint counts of (total, anchor); leading axes (bootstrap replications)
are carried through. The synthetic population weights P by w1 and Q by w2 = 1 - w1.
"""

from __future__ import annotations

import warnings
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .._warnings import DegenerateDataWarning
from ._bootstrap import bootstrap_se, resample
from ._delta import delta_se
from ._loglinear import smooth_bivariate
from ._percentile import equipercentile, inverse_rank, rank_at
from ._result import EquatingResult, moments

__all__ = ["ANCHOR_TYPES", "NEAT_METHODS", "equate_neat"]

NEAT_METHODS = (
    "tucker",
    "levine-observed",
    "levine-true",
    "chained-linear",
    "braun-holland",
    "frequency-estimation",
    "chained-equipercentile",
)
LINEAR = ("tucker", "levine-observed", "levine-true", "chained-linear", "braun-holland")
ANCHOR_TYPES = ("internal", "external")
Array = NDArray[np.float64]
_TINY = 1e-10  # a variance this small is rounding noise around zero


class _Moments(NamedTuple):
    """Means, variances and the total-anchor covariance of one population's table."""

    m: Array
    v: Array
    var_m: Array
    var_v: Array
    cov: Array


def _table_moments(t: Array) -> _Moments:
    p = t / t.sum(axis=(-2, -1), keepdims=True)
    s = np.arange(t.shape[-2], dtype=np.float64)
    a = np.arange(t.shape[-1], dtype=np.float64)
    fm, fv = p.sum(axis=-1), p.sum(axis=-2)
    m, v = fm @ s, fv @ a
    var_m = fm @ s**2 - m**2
    var_v = fv @ a**2 - v**2
    cov = np.einsum("...ij,i,j->...", p, s, a) - m * v
    return _Moments(m, v, var_m, var_v, cov)


def _gammas(p: _Moments, q: _Moments, method: str, internal: bool) -> tuple[Array, Array]:
    if method == "tucker":
        return p.cov / p.var_v, q.cov / q.var_v
    if internal:  # Levine, anchor inside the total (K&B ch. 4)
        return p.var_m / p.cov, q.var_m / q.cov
    return (p.var_m + p.cov) / (p.var_v + p.cov), (q.var_m + q.cov) / (q.var_v + q.cov)


def _synthetic_line(
    p: _Moments, q: _Moments, method: str, internal: bool, w1: float
) -> tuple[Array, Array]:
    """Slope and intercept from the synthetic means and sds (K&B ch. 4)."""
    w2 = 1 - w1
    g1, g2 = _gammas(p, q, method, internal)
    dm, dv = p.v - q.v, p.var_v - q.var_v
    if method == "levine-true":  # K&B ch. 4; no synthetic population needed
        slope = g2 / g1
        return slope, q.m + g2 * dm - slope * p.m
    mx = p.m - w2 * g1 * dm
    my = q.m + w1 * g2 * dm
    vx = p.var_m - w2 * g1**2 * dv + w1 * w2 * g1**2 * dm**2
    vy = q.var_m + w1 * g2**2 * dv + w1 * w2 * g2**2 * dm**2
    with np.errstate(invalid="ignore", divide="ignore"):  # refused by the caller
        slope = np.sqrt(vy / vx)
    return slope, my - slope * mx


def _chained_line(p: _Moments, q: _Moments) -> tuple[Array, Array]:
    """X to V in population 1, then V to Y in population 2 (K&B ch. 4)."""
    slope = np.sqrt(q.var_m / q.var_v) * np.sqrt(p.var_v / p.var_m)
    return slope, q.m + np.sqrt(q.var_m / q.var_v) * (p.v - q.v) - slope * p.m


def _conditional(t: Array) -> Array:
    """Distribution of the total given each anchor score (zero where nobody has that score)."""
    h = t.sum(axis=-2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(h > 0, t / h, 0.0)


def synthetic_distributions(x: Array, y: Array, w1: float) -> tuple[Array, Array]:
    """Frequency estimation: the X and Y distributions in the synthetic population (K&B ch. 5).

    Assumes the distribution of each total given the anchor is the same in both populations.
    """
    px = x / x.sum(axis=(-2, -1), keepdims=True)
    qy = y / y.sum(axis=(-2, -1), keepdims=True)
    h1, h2 = px.sum(axis=-2), qy.sum(axis=-2)
    fs = w1 * px.sum(axis=-1) + (1 - w1) * np.einsum("...ij,...j->...i", _conditional(px), h2)
    gs = w1 * np.einsum("...ij,...j->...i", _conditional(qy), h1) + (1 - w1) * qy.sum(axis=-1)
    # anchor scores one population never reached carry no conditional distribution
    return fs / fs.sum(axis=-1, keepdims=True), gs / gs.sum(axis=-1, keepdims=True)


def _chained_equipercentile(x: Array, y: Array) -> Array:
    """X to V by equipercentile in population 1, then V to Y in population 2 (K&B ch. 5)."""
    px = x / x.sum(axis=(-2, -1), keepdims=True)
    qy = y / y.sum(axis=(-2, -1), keepdims=True)
    on_v = equipercentile(px.sum(axis=-1), px.sum(axis=-2))
    return inverse_rank(rank_at(on_v, qy.sum(axis=-2)), qy.sum(axis=-1))


def _moment_line(f: Array, g: Array) -> tuple[Array, Array]:
    s_x = np.arange(f.shape[-1], dtype=np.float64)
    s_y = np.arange(g.shape[-1], dtype=np.float64)
    mx, my = f @ s_x, g @ s_y
    sx = np.sqrt(f @ s_x**2 - mx**2)
    sy = np.sqrt(g @ s_y**2 - my**2)
    return sy / sx, my - sy / sx * mx


def _core(
    x: Array, y: Array, method: str, internal: bool, w1: float, smooth: tuple[int, int] | None
) -> tuple[Array, Array | None, Array | None]:
    if smooth is not None:
        x, y = smooth_bivariate(x, *smooth), smooth_bivariate(y, *smooth)
    # a degenerate bootstrap resample gives NaN here and is dropped by bootstrap_se; the
    # point estimate's data were checked before
    with np.errstate(divide="ignore", invalid="ignore"):
        return _equate_tables(x, y, method, internal, w1)


def _equate_tables(
    x: Array, y: Array, method: str, internal: bool, w1: float
) -> tuple[Array, Array | None, Array | None]:
    scores = np.arange(x.shape[-2], dtype=np.float64)
    if method in ("tucker", "levine-observed", "levine-true", "chained-linear"):
        p, q = _table_moments(x), _table_moments(y)
        if method == "chained-linear":
            slope, intercept = _chained_line(p, q)
        else:
            slope, intercept = _synthetic_line(p, q, method, internal, w1)
        return slope[..., None] * scores + intercept[..., None], slope, intercept
    if method == "chained-equipercentile":
        return _chained_equipercentile(x, y), None, None
    fs, gs = synthetic_distributions(x, y, w1)
    if method == "braun-holland":
        slope, intercept = _moment_line(fs, gs)
        return slope[..., None] * scores + intercept[..., None], slope, intercept
    return equipercentile(fs, gs), None, None


def _pad_anchor(x: Array, y: Array) -> tuple[Array, Array]:
    width = max(x.shape[1], y.shape[1])
    return (
        np.pad(x, ((0, 0), (0, width - x.shape[1]))),
        np.pad(y, ((0, 0), (0, width - y.shape[1]))),
    )


def _neat_iv(
    x: Any, y: Any, method: str, anchor_type: str, w1: float | None
) -> tuple[Array, Array, float]:
    if method not in NEAT_METHODS:
        raise ValueError(f"method must be one of {', '.join(NEAT_METHODS)}, got {method!r}")
    if anchor_type not in ANCHOR_TYPES:
        raise ValueError(f"anchor_type must be internal or external, got {anchor_type!r}")
    tables = []
    for name, counts in (("x", x), ("y", y)):
        t = np.asarray(counts, dtype=np.float64)
        if t.ndim != 2 or t.shape[0] < 2 or not np.all(np.isfinite(t)) or np.any(t < 0):
            raise ValueError(f"{name}: counts must be a 2-D (total, anchor) table of numbers >= 0")
        if t.sum() <= 0:
            raise ValueError(f"{name}: all counts are zero")
        tables.append(t)
    xt, yt = _pad_anchor(*tables)
    if xt.shape[1] < 2:
        raise ValueError("anchor scores have no variance in either group (all are 0)")
    n1, n2 = xt.sum(), yt.sum()
    weight = n1 / (n1 + n2) if w1 is None else float(w1)
    if not 0 <= weight <= 1:
        raise ValueError(f"w1 must be between 0 and 1, got {w1}")
    _check_degenerate(xt, yt, method)
    return xt, yt, weight


def _check_degenerate(x: Array, y: Array, method: str) -> None:
    """Refuse data for which the method's ratios are undefined (never return NaN)."""
    for pop, t in (("1 (form X)", x), ("2 (form Y)", y)):
        mom = _table_moments(t)
        if mom.var_m <= _TINY:
            raise ValueError(f"population {pop}: total scores have no variance")
        if mom.var_v <= _TINY and method not in ("frequency-estimation", "braun-holland"):
            raise ValueError(f"population {pop}: anchor scores have no variance")
        if method.startswith("levine") and mom.cov <= 0:
            raise ValueError(
                f"population {pop}: total and anchor scores do not covary positively "
                f"(covariance {float(mom.cov):.4g}); the Levine methods need it"
            )


def equate_neat(
    x: Any,
    y: Any,
    method: str = "tucker",
    *,
    anchor_type: str = "internal",
    w1: float | None = None,
    degree: int | None = None,
    interaction: int = 2,
    bootstrap: int = 0,
    seed: int | None = None,
) -> EquatingResult:
    """Equate form X to form Y through common items taken by two nonequivalent groups.

    Args:
        x: joint counts (total, anchor) of the group that took form X (population 1).
        y: joint counts (total, anchor) of the group that took form Y (population 2).
        method: one of NEAT_METHODS.
        anchor_type: "internal" (the anchor counts in the total) or "external"; only the
            Levine methods use it.
        w1: weight of population 1 in the synthetic population (default: its share of all
            examinees, N1 / (N1 + N2)).
        degree, interaction: log-linear presmoothing of both bivariate tables, keeping
            `degree` moments of each margin and the cross moments up to `interaction`.
        bootstrap, seed: bootstrap replications for standard errors, and their seed.
            Without them the linear methods (unsmoothed) get delta-method standard errors
            under multinomial sampling (K&B ch. 7); the others get none.
    """
    xt, yt, weight = _neat_iv(x, y, method, anchor_type, w1)
    smooth = None if degree is None else (degree, interaction)
    internal = anchor_type == "internal"
    _warn_unmatched_anchor(xt, yt, method, smooth)
    equated, slope, intercept = _core(xt[None], yt[None], method, internal, weight, smooth)
    if not np.all(np.isfinite(equated)):
        raise ValueError(
            f"{method}: a synthetic-population variance is not positive for these data (the "
            "groups differ too much on the anchor for this method); chained-linear needs none"
        )
    se, kind = None, None
    if bootstrap:
        rx = resample(xt, bootstrap, seed)
        ry = resample(yt, bootstrap, None if seed is None else seed + 1)
        reps = _core(rx, ry, method, internal, weight, smooth)[0]
        se, kind = bootstrap_se(reps), "bootstrap"
    elif method in LINEAR and smooth is None:
        se = delta_se(lambda a, b: _core(a, b, method, internal, weight, None)[0], xt, yt)
        kind = "analytic"
    fx = xt.sum(axis=1)
    sx = np.arange(xt.shape[0], dtype=np.float64)
    sy = np.arange(yt.shape[0], dtype=np.float64)
    sv = np.arange(xt.shape[1], dtype=np.float64)
    return EquatingResult(
        design="neat",
        method=method,
        scores=sx,
        equated=equated[0],
        se=se,
        se_kind=kind,
        slope=None if slope is None else float(slope[0]),
        intercept=None if intercept is None else float(intercept[0]),
        synthetic_weight=weight,
        moments={
            "x": moments(sx, fx),
            "y": moments(sy, yt.sum(axis=1)),
            "x_anchor": moments(sv, xt.sum(axis=0)),
            "y_anchor": moments(sv, yt.sum(axis=0)),
            "equated": moments(equated[0], fx),
        },
        settings={
            "anchor_type": anchor_type,
            "w1": weight,
            "degree": degree,
            "interaction": None if degree is None else interaction,
            "bootstrap": bootstrap,
            "seed": seed,
        },
    )


def _warn_unmatched_anchor(x: Array, y: Array, method: str, smooth: tuple[int, int] | None) -> None:
    if method not in ("frequency-estimation", "braun-holland") or smooth is not None:
        return
    h1, h2 = x.sum(axis=0), y.sum(axis=0)
    lonely = np.flatnonzero((h1 > 0) != (h2 > 0))
    if lonely.size:
        warnings.warn(
            "frequency estimation: anchor score(s) "
            + ", ".join(str(int(v)) for v in lonely)
            + " occur in one population only; their examinees drop out of the other's "
            "synthetic distribution",
            DegenerateDataWarning,
            stacklevel=3,
        )
