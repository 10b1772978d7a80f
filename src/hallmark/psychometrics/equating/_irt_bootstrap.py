"""Parametric bootstrap of IRT equating: redraw both forms' item parameters, re-equate.

Each parameter is drawn from a normal distribution centred on its estimate with its
calibration standard error, independently of every other: the parameter file holds no
covariances. Within an item a and d (or a and b) are correlated, so the standard errors
differ from those the full covariance would give: on LSAT7 they are mostly overstated
(docs/equating.md gives the sizes found).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from .._warnings import DegenerateDataWarning
from ..irt import ItemParameters, ParameterErrors

__all__ = ["draw_parameters", "parametric_bootstrap"]

# Draws with a slope <= 0 or c outside [0, 1) are redrawn this many times, then dropped.
_REDRAWS = 20


def _check(params: ItemParameters, errors: ParameterErrors, name: str) -> None:
    for label, se in (("se_a", errors.a), (f"se_{errors.intercept}", errors.intercept_se)):
        if se.shape != (params.n_items,):
            raise ValueError(f"{name}: {label} has {se.size} values for {params.n_items} items")
    if errors.c.shape != (params.n_items,):
        raise ValueError(f"{name}: se_c has {errors.c.size} values for {params.n_items} items")
    for label, se in (("se_a", errors.a), ("se_c", errors.c), ("se", errors.intercept_se)):
        if np.any(~np.isfinite(se) | (se < 0)):
            raise ValueError(f"{name}: {label} must be finite and non-negative")


def draw_parameters(
    params: ItemParameters, errors: ParameterErrors, reps: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """`reps` independent normal draws of a, d and c (each reps x items), and which rows
    are usable: an out-of-range draw is redrawn up to _REDRAWS times before its row is not."""
    k = params.n_items
    centre = params.d if errors.intercept == "d" else params.b
    a = params.a + errors.a * rng.standard_normal((reps, k))
    i = centre + errors.intercept_se * rng.standard_normal((reps, k))
    c = params.c + errors.c * rng.standard_normal((reps, k))
    for _ in range(_REDRAWS):
        bad_a, bad_c = a <= 0, (c < 0) | (c >= 1)
        if not (bad_a.any() or bad_c.any()):
            break
        redraw = params.a + errors.a * rng.standard_normal((reps, k))
        a = np.where(bad_a, redraw, a)
        redraw = params.c + errors.c * rng.standard_normal((reps, k))
        c = np.where(bad_c, redraw, c)
    usable = np.all(a > 0, axis=1) & np.all((c >= 0) & (c < 1), axis=1)
    # d = -a b drawn as the estimate rescaled plus the b noise, so zero SEs give d exactly
    d = i if errors.intercept == "d" else params.d * (a / params.a) - a * (i - centre)
    return a, d, c, usable


def parametric_bootstrap(
    x: ItemParameters,
    y: ItemParameters,
    errors: tuple[ParameterErrors, ParameterErrors],
    equate: Callable[[ItemParameters, ItemParameters], NDArray[np.float64]],
    reps: int,
    seed: int | None,
) -> NDArray[np.float64]:
    """Standard deviation over `reps` parameter draws of the equivalents `equate` gives."""
    if int(reps) != reps or reps < 2:
        raise ValueError(f"bootstrap replications must be a whole number >= 2, got {reps}")
    _check(x, errors[0], "x")
    _check(y, errors[1], "y")
    rng = np.random.default_rng(seed)
    dx = draw_parameters(x, errors[0], int(reps), rng)
    dy = draw_parameters(y, errors[1], int(reps), rng)
    usable = dx[3] & dy[3]
    if not usable.all():
        warnings.warn(
            f"IRT bootstrap: {int((~usable).sum())} of {int(reps)} draw(s) kept a slope <= 0 "
            f"or a c outside [0, 1) after {_REDRAWS} redraws and were dropped",
            DegenerateDataWarning,
            stacklevel=3,
        )
    if usable.sum() < 2:
        raise ValueError("IRT bootstrap: fewer than 2 parameter draws were usable")
    rows = np.flatnonzero(usable)
    replicates = np.array(
        [
            equate(
                ItemParameters(x.items, dx[0][r], dx[1][r], dx[2][r], x.scale),
                ItemParameters(y.items, dy[0][r], dy[1][r], dy[2][r], y.scale),
            )
            for r in rows
        ]
    )
    # deviations from one replication: identical draws give an SD of exactly 0
    return np.asarray(np.std(replicates - replicates[0], axis=0, ddof=1), dtype=np.float64)
