"""Polynomial log-linear presmoothing (Holland & Thayer 2000; K&B ch. 3).

The fitted distribution keeps the first `degree` moments of the observed one (and, for a
bivariate table, the cross moments E[X^a V^b] for a, b up to `interaction`). The model is a
Poisson regression on polynomial score functions, fitted by Newton's method; the basis is
orthonormalised first, which changes nothing in the fitted counts (they depend only on the
space the score functions span) but keeps the high powers well conditioned. Many tables
(bootstrap replications) are fitted at once along a leading axis.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from .._warnings import ConvergenceWarning

__all__ = ["bivariate_basis", "fit_loglinear", "smooth_bivariate", "smooth_univariate"]

MAX_ITER = 100
TOL = 1e-10
MAX_STEP = 3.0  # on the log scale, per iteration: keeps exp() from overshooting


def _scaled(n: int) -> NDArray[np.float64]:
    s = np.arange(n, dtype=np.float64)
    return (s - (n - 1) / 2) / max((n - 1) / 2, 1.0)


def univariate_basis(n: int, degree: int) -> NDArray[np.float64]:
    """Columns 1, x, ..., x^degree over the scores 0..n-1 (scaled to [-1, 1])."""
    z = _scaled(n)
    return np.stack([z**k for k in range(degree + 1)], axis=1)


def bivariate_basis(n_x: int, n_v: int, degree: int, interaction: int) -> NDArray[np.float64]:
    """Score functions of a (total, anchor) table flattened in C order.

    1, x^i and v^i for i <= degree, and x^a v^b for 1 <= a, b <= interaction (R equate's
    ``degrees = list(degree, interaction)``).
    """
    grid_x, grid_v = np.meshgrid(_scaled(n_x), _scaled(n_v), indexing="ij")
    x, v = grid_x.ravel(), grid_v.ravel()
    cols = [np.ones_like(x)]
    cols += [x**k for k in range(1, degree + 1)] + [v**k for k in range(1, degree + 1)]
    cols += [x**a * v**b for a in range(1, interaction + 1) for b in range(1, interaction + 1)]
    return np.stack(cols, axis=1)


def fit_loglinear(counts: NDArray[np.float64], basis: NDArray[np.float64]) -> NDArray[np.float64]:
    """Fitted counts of the log-linear model with these score functions, for each table.

    `counts` is (..., cells); `basis` is (cells, terms) and includes the constant column.
    """
    q, _ = np.linalg.qr(basis)
    n = np.asarray(counts, dtype=np.float64)
    lead = n.shape[:-1]
    n2 = n.reshape(-1, n.shape[-1])
    beta = np.log(n2 + 0.5) @ q
    total = n2.sum(axis=1, keepdims=True)
    for _ in range(MAX_ITER):
        eta = beta @ q.T
        mu = np.exp(eta)
        grad = (n2 - mu) @ q
        if np.all(np.abs(grad) <= TOL * np.maximum(total, 1.0)):
            break
        hess = np.einsum("ci,bc,cj->bij", q, mu, q)
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        size = np.abs(step @ q.T).max(axis=1, keepdims=True)
        beta = beta + step * np.minimum(1.0, MAX_STEP / np.maximum(size, 1e-300))
    else:
        warnings.warn(
            f"log-linear presmoothing did not converge in {MAX_ITER} iterations",
            ConvergenceWarning,
            stacklevel=2,
        )
    return np.asarray(np.exp(beta @ q.T).reshape(*lead, n.shape[-1]))


def smooth_univariate(counts: NDArray[np.float64], degree: int) -> NDArray[np.float64]:
    """Log-linear presmoothing of score frequencies (..., n) keeping `degree` moments."""
    n = counts.shape[-1]
    if not 1 <= degree < n:
        raise ValueError(f"degree must be between 1 and {n - 1} (the score points less one)")
    return fit_loglinear(counts, univariate_basis(n, degree))


def smooth_bivariate(
    counts: NDArray[np.float64], degree: int, interaction: int
) -> NDArray[np.float64]:
    """Log-linear presmoothing of a (..., total, anchor) table."""
    n_x, n_v = counts.shape[-2:]
    if not 1 <= degree < min(n_x, n_v):
        raise ValueError(
            f"degree must be between 1 and {min(n_x, n_v) - 1} (the anchor score points less one)"
        )
    if not 0 <= interaction <= degree:
        raise ValueError(f"interaction must be between 0 and the degree {degree}")
    basis = bivariate_basis(n_x, n_v, degree, interaction)
    flat = counts.reshape(*counts.shape[:-2], n_x * n_v)
    return fit_loglinear(flat, basis).reshape(counts.shape)
