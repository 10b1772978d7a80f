"""Delta-method standard errors under multinomial sampling, by numerical derivatives.

Each group's cell counts c are multinomial, so Cov(c) = N (diag(p) - p p'). An equating that
depends on the counts only through their proportions has derivatives d with d . c = 0, and
the delta method gives Var(e) = sum_k c_k d_k^2 per group (K&B ch. 7). The
derivatives are central differences, all perturbed tables equated in one batch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

__all__ = ["delta_se"]

Array = NDArray[np.float64]
STEP = 1e-3  # in counts; the functions are smooth, so central differences are exact to ~1e-7


def _group_variance(fn: Callable[[Array], Array], table: Array) -> Array:
    flat = table.ravel()
    cells = np.flatnonzero(flat > 0)
    k = cells.size
    batch = np.repeat(flat[None], 2 * k, axis=0)
    batch[np.arange(k), cells] += STEP
    batch[k + np.arange(k), cells] -= STEP
    out = fn(batch.reshape(2 * k, *table.shape))
    d = (out[:k] - out[k:]) / (2 * STEP)
    return np.asarray((flat[cells][:, None] * d**2).sum(axis=0))


def delta_se(fn: Callable[[Array, Array], Array], x: Array, y: Array) -> Array:
    """Standard errors of fn(x, y) (equivalents per X score) for independent groups x, y.

    `fn` takes batches: count tables with a leading axis, returning (batch, scores).
    """

    def vary_x(batch: Array) -> Array:
        return fn(batch, np.broadcast_to(y, (batch.shape[0], *y.shape)))

    def vary_y(batch: Array) -> Array:
        return fn(np.broadcast_to(x, (batch.shape[0], *x.shape)), batch)

    return np.asarray(np.sqrt(_group_variance(vary_x, x) + _group_variance(vary_y, y)))
