"""Linking two calibrations through common items: mean/sigma, mean/mean, Haebara, Stocking-Lord.

The new calibration's scale is mapped onto the base scale by theta_base = A theta_new + B,
so a_base = a_new / A, b_base = A b_new + B, c unchanged.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._warnings import DegenerateDataWarning
from ._models import ItemParameters

__all__ = ["LINKING_METHODS", "Linking", "link"]

LINKING_METHODS = ("mean-sigma", "mean-mean", "haebara", "stocking-lord")
CURVE_METHODS = ("haebara", "stocking-lord")


@dataclass(frozen=True)
class Linking:
    """Slope A and intercept B of theta_base = A theta_new + B, and the new items on the base scale.

    ``common`` names the items used; ``criterion`` is the Haebara or Stocking-Lord loss at the
    solution (NaN for the moment methods); ``converged`` reports the optimiser's success.
    ``slope_se`` and ``intercept_se`` are bootstrap standard errors over the common items
    (NaN unless ``bootstrap`` resamples were asked for); ``n_bootstrap`` counts the resamples
    that gave constants.
    """

    method: str
    slope: float
    intercept: float
    common: tuple[str, ...]
    transformed: ItemParameters
    criterion: float
    converged: bool
    slope_se: float = float("nan")
    intercept_se: float = float("nan")
    n_bootstrap: int = 0


def transform(params: ItemParameters, slope: float, intercept: float) -> ItemParameters:
    """Item parameters on the scale theta' = slope * theta + intercept."""
    a = params.a / slope
    b = slope * params.b + intercept
    return ItemParameters(params.items, a, -a * b, params.c.copy(), params.scale)


def _link_iv(
    new: ItemParameters,
    base: ItemParameters,
    method: str,
    common: tuple[str, ...] | None,
    bootstrap: int,
) -> tuple[str, tuple[str, ...]]:
    if not isinstance(new, ItemParameters) or not isinstance(base, ItemParameters):
        raise TypeError("new and base must be ItemParameters")
    m = str(method).lower()
    if m not in LINKING_METHODS:
        raise ValueError(f"method must be one of {', '.join(LINKING_METHODS)}, got {method!r}")
    if abs(new.scale - base.scale) > 1e-12:
        raise ValueError(f"new and base use different scales (D = {new.scale} and {base.scale})")
    names = tuple(i for i in new.items if i in set(base.items)) if common is None else tuple(common)
    missing = [i for i in names if i not in new.items or i not in base.items]
    if missing:
        raise ValueError(f"common items missing from new or base: {', '.join(missing)}")
    if len(names) < 2:
        raise ValueError(f"linking needs at least 2 common items, found {len(names)}")
    if int(bootstrap) != bootstrap or bootstrap < 0:
        raise ValueError(f"bootstrap must be a whole number of resamples >= 0, got {bootstrap!r}")
    return m, names


def _nodes(
    theta: NDArray[np.float64] | None, weights: NDArray[np.float64] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    nodes = np.linspace(-4, 4, 41) if theta is None else np.asarray(theta, dtype=np.float64)
    if weights is None:
        w = np.exp(-(nodes**2) / 2)  # the standard normal density, up to its constant
    else:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != nodes.shape or np.any(w < 0) or not np.all(np.isfinite(w)) or w.sum() <= 0:
            raise ValueError("weights must be non-negative, finite, one per theta node")
    return nodes, w / w.sum()


def _constants(
    x: ItemParameters,
    y: ItemParameters,
    m: str,
    nodes: NDArray[np.float64],
    weights: NDArray[np.float64],
) -> tuple[float, float, float, bool]:
    """(A, B, criterion, converged) putting the common items ``x`` onto ``y``'s scale."""
    b_sd_x = float(np.std(x.b))
    if b_sd_x == 0:
        raise ValueError(
            "common items have equal difficulties on the new scale: the slope is undefined"
        )
    slope = float(np.std(y.b) / b_sd_x)
    if m == "mean-mean":
        slope = float(np.mean(x.a) / np.mean(y.a))
    intercept = float(np.mean(y.b) - slope * np.mean(x.b))
    if m not in CURVE_METHODS:
        return slope, intercept, float("nan"), True
    target = y.probability(nodes)  # nodes x items
    if m == "stocking-lord":
        target = target.sum(axis=1)

    def loss(v: NDArray[np.float64]) -> float:
        moved = transform(x, float(v[0]), float(v[1])).probability(nodes)
        diff = target - (moved.sum(axis=1) if m == "stocking-lord" else moved)
        return float(weights @ (diff**2 if diff.ndim == 1 else (diff**2).sum(axis=1)))

    from scipy.optimize import minimize  # imported when used: it is slow to import

    res = minimize(
        loss,
        np.array([slope, intercept]),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000},
    )
    return float(res.x[0]), float(res.x[1]), float(res.fun), bool(res.success)


def link(
    new: ItemParameters,
    base: ItemParameters,
    method: str = "stocking-lord",
    *,
    common: tuple[str, ...] | None = None,
    theta: NDArray[np.float64] | None = None,
    weights: NDArray[np.float64] | None = None,
    bootstrap: int = 0,
    random_state: int | np.random.Generator | None = None,
) -> Linking:
    """Put ``new`` on the scale of ``base`` through their common items (by name).

    Stocking-Lord minimises sum_t w(t) [TCC_base(t) - TCC_new*(t)]^2 over the common items;
    Haebara minimises sum_t w(t) sum_j [P_base,j(t) - P_new*,j(t)]^2 (item by item). Both use
    ``theta`` nodes (default 41 points on [-4, 4]) with ``weights`` (default the N(0, 1)
    density), starting from mean/sigma. ``bootstrap`` > 0 resamples the common items with
    replacement that many times (seeded by ``random_state``) for standard errors of A and B.
    """
    m, names = _link_iv(new, base, method, common, bootstrap)
    x, y = new.select(names), base.select(names)
    nodes, w = _nodes(theta, weights)
    slope, intercept, crit, ok = _constants(x, y, m, nodes, w)
    se_a, se_b, used = _bootstrap(x, y, m, nodes, w, int(bootstrap), random_state)
    moved = transform(new, slope, intercept)
    return Linking(m, slope, intercept, names, moved, crit, ok, se_a, se_b, used)


def _bootstrap(
    x: ItemParameters,
    y: ItemParameters,
    m: str,
    nodes: NDArray[np.float64],
    weights: NDArray[np.float64],
    n: int,
    random_state: int | np.random.Generator | None,
) -> tuple[float, float, int]:
    """Standard deviations of A and B over resamples of the common items (with replacement)."""
    if n == 0:
        return float("nan"), float("nan"), 0
    rng = np.random.default_rng(random_state)
    k = len(x.items)
    labels = tuple(f"i{j}" for j in range(k))
    draws: list[tuple[float, float]] = []
    for _ in range(n):
        pick = rng.integers(0, k, k)
        xs = ItemParameters(labels, x.a[pick], x.d[pick], x.c[pick], x.scale)
        ys = ItemParameters(labels, y.a[pick], y.d[pick], y.c[pick], y.scale)
        if np.std(xs.b) == 0:
            continue  # one item drawn k times: no slope
        draws.append(_constants(xs, ys, m, nodes, weights)[:2])
    if len(draws) < n:
        warnings.warn(
            f"{n - len(draws)} of {n} bootstrap resamples of the common items had equal "
            "difficulties and were dropped",
            DegenerateDataWarning,
            stacklevel=3,
        )
    if len(draws) < 2:
        return float("nan"), float("nan"), len(draws)
    arr = np.asarray(draws)
    return float(np.std(arr[:, 0], ddof=1)), float(np.std(arr[:, 1], ddof=1)), len(draws)
