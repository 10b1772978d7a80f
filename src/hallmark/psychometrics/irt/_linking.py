"""Linking two calibrations through common items: mean/sigma, mean/mean, Stocking-Lord.

The new calibration's scale is mapped onto the base scale by theta_base = A theta_new + B,
so a_base = a_new / A, b_base = A b_new + B, c unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._models import ItemParameters

__all__ = ["LINKING_METHODS", "Linking", "link"]

LINKING_METHODS = ("mean-sigma", "mean-mean", "stocking-lord")


@dataclass(frozen=True)
class Linking:
    """Slope A and intercept B of theta_base = A theta_new + B, and the new items on the base scale.

    ``common`` names the items used; ``criterion`` is the Stocking-Lord loss at the solution
    (NaN for the moment methods); ``converged`` reports the optimiser's success.
    """

    method: str
    slope: float
    intercept: float
    common: tuple[str, ...]
    transformed: ItemParameters
    criterion: float
    converged: bool


def transform(params: ItemParameters, slope: float, intercept: float) -> ItemParameters:
    """Item parameters on the scale theta' = slope * theta + intercept."""
    a = params.a / slope
    b = slope * params.b + intercept
    return ItemParameters(params.items, a, -a * b, params.c.copy(), params.scale)


def _link_iv(
    new: ItemParameters, base: ItemParameters, method: str, common: tuple[str, ...] | None
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
    return m, names


def link(
    new: ItemParameters,
    base: ItemParameters,
    method: str = "stocking-lord",
    *,
    common: tuple[str, ...] | None = None,
    theta: NDArray[np.float64] | None = None,
) -> Linking:
    """Put ``new`` on the scale of ``base`` through their common items (by name).

    Stocking-Lord minimises sum_t w(t) [TCC_base(t) - TCC_new*(t)]^2 over the common items,
    with ``theta`` nodes (default 41 points on [-4, 4]) weighted by the N(0, 1) density,
    starting from mean/sigma.
    """
    m, names = _link_iv(new, base, method, common)
    x, y = new.select(names), base.select(names)
    b_sd_x = float(np.std(x.b))
    if b_sd_x == 0:
        raise ValueError(
            "common items have equal difficulties on the new scale: the slope is undefined"
        )
    slope_ms = float(np.std(y.b) / b_sd_x)
    slope = slope_ms if m != "mean-mean" else float(np.mean(x.a) / np.mean(y.a))
    intercept = float(np.mean(y.b) - slope * np.mean(x.b))
    crit, ok = float("nan"), True
    if m == "stocking-lord":
        nodes = np.linspace(-4, 4, 41) if theta is None else np.asarray(theta, dtype=np.float64)
        weights = np.exp(-(nodes**2) / 2)  # the standard normal density, up to its constant
        weights /= weights.sum()
        target = y.probability(nodes).sum(axis=1)

        def loss(v: NDArray[np.float64]) -> float:
            moved = transform(x, float(v[0]), float(v[1]))
            diff = target - moved.probability(nodes).sum(axis=1)
            return float(weights @ diff**2)

        from scipy.optimize import minimize  # imported when used: it is slow to import

        res = minimize(
            loss,
            np.array([slope, intercept]),
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000},
        )
        slope, intercept, crit, ok = (
            float(res.x[0]),
            float(res.x[1]),
            float(res.fun),
            bool(res.success),
        )
    return Linking(m, slope, intercept, names, transform(new, slope, intercept), crit, ok)
