"""Item response functions and item parameters for dichotomous items.

Slope-intercept form: P(theta) = c + (1 - c) / (1 + exp(-D (a theta + d))), with b = -d / a.
D (``scale``) is 1 for the logistic metric and 1.702 for the normal-ogive metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._special import expit

__all__ = ["ItemParameters", "item_information", "item_probability"]

# Probabilities are kept inside (EPS, 1 - EPS) so logs and ratios stay finite.
EPS = 1e-12


def _as_params(
    theta: ArrayLike, a: ArrayLike, d: ArrayLike, c: ArrayLike
) -> tuple[NDArray[np.float64], ...]:
    t = np.asarray(theta, dtype=np.float64)
    a_ = np.asarray(a, dtype=np.float64)
    d_ = np.asarray(d, dtype=np.float64)
    c_ = np.asarray(c, dtype=np.float64)
    if a_.ndim > 1 or d_.ndim > 1 or c_.ndim > 1:
        raise ValueError("a, d and c must be scalars or 1-D arrays (one value per item)")
    if t.ndim > 1:
        raise ValueError("theta must be a scalar or a 1-D array")
    if np.any((c_ < 0) | (c_ >= 1)):
        raise ValueError("c must lie in [0, 1)")
    return t, a_, d_, c_


def _shape_out(
    values: NDArray[np.float64], theta: NDArray[np.float64], item_scalar: bool
) -> NDArray[np.float64]:
    # (T, k) grid -> drop the axes the caller passed as scalars
    if item_scalar:
        values = values[..., 0]
    if theta.ndim == 0:
        values = values[0]
    return values


def item_probability(
    theta: ArrayLike, a: ArrayLike, d: ArrayLike, c: ArrayLike = 0.0, scale: float = 1.0
) -> NDArray[np.float64]:
    """Probability of a correct response, P(theta), for each theta (rows) and item (columns).

    Scalars for ``theta`` or for the item parameters drop the matching axis.
    """
    t, a_, d_, c_ = _as_params(theta, a, d, c)
    item_scalar = a_.ndim == 0 and d_.ndim == 0 and c_.ndim == 0
    tt = np.atleast_1d(t)[:, None]
    a2, d2, c2 = (np.atleast_1d(x)[None, :] for x in (a_, d_, c_))
    p = c2 + (1.0 - c2) * expit(scale * (a2 * tt + d2))
    return _shape_out(p, t, item_scalar)


def item_information(
    theta: ArrayLike, a: ArrayLike, d: ArrayLike, c: ArrayLike = 0.0, scale: float = 1.0
) -> NDArray[np.float64]:
    """Fisher information of each item at each theta (2PL when c = 0, 3PL otherwise).

    I(theta) = (dP/dtheta)^2 / (P (1 - P)); for the 2PL this is D^2 a^2 P (1 - P).
    Shapes follow :func:`item_probability`.
    """
    t, a_, d_, c_ = _as_params(theta, a, d, c)
    item_scalar = a_.ndim == 0 and d_.ndim == 0 and c_.ndim == 0
    tt = np.atleast_1d(t)[:, None]
    a2, d2, c2 = (np.atleast_1d(x)[None, :] for x in (a_, d_, c_))
    s = expit(scale * (a2 * tt + d2))
    p = c2 + (1.0 - c2) * s
    dp = (1.0 - c2) * scale * a2 * s * (1.0 - s)
    info = dp * dp / np.clip(p * (1.0 - p), EPS, None)
    return _shape_out(info, t, item_scalar)


@dataclass(frozen=True)
class ItemParameters:
    """Parameters of a set of dichotomous items, one array entry per item.

    ``a`` slope, ``d`` intercept, ``c`` lower asymptote; ``scale`` is the logistic constant D
    the values are expressed in (1 or 1.702). ``b = -d / a`` is the difficulty.
    """

    items: tuple[str, ...]
    a: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    scale: float = 1.0

    def __post_init__(self) -> None:
        k = len(self.items)
        a = np.asarray(self.a, dtype=np.float64).reshape(-1)
        d = np.asarray(self.d, dtype=np.float64).reshape(-1)
        c = np.asarray(self.c, dtype=np.float64).reshape(-1)
        if c.size == 0:
            c = np.zeros(k)
        if not (a.size == d.size == c.size == k):
            raise ValueError(f"items, a, d and c must have the same length ({k} items given)")
        if len(set(self.items)) != k:
            raise ValueError("item names must be unique")
        if self.scale <= 0:
            raise ValueError("scale must be positive")
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "d", d)
        object.__setattr__(self, "c", c)

    @classmethod
    def from_difficulty(
        cls,
        items: Sequence[str],
        a: ArrayLike,
        b: ArrayLike,
        c: ArrayLike | None = None,
        scale: float = 1.0,
    ) -> ItemParameters:
        """Build from slopes and difficulties (d = -a b)."""
        a_ = np.asarray(a, dtype=np.float64)
        b_ = np.asarray(b, dtype=np.float64)
        c_ = np.zeros(len(items)) if c is None else np.asarray(c, dtype=np.float64)
        return cls(tuple(items), a_, -a_ * b_, c_, scale)

    @property
    def b(self) -> NDArray[np.float64]:
        """Difficulty, b = -d / a."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return -self.d / self.a

    @property
    def n_items(self) -> int:
        return len(self.items)

    def probability(self, theta: ArrayLike) -> NDArray[np.float64]:
        """P(theta) for every item: shape (len(theta), n_items)."""
        return item_probability(np.atleast_1d(theta), self.a, self.d, self.c, self.scale)

    def information(self, theta: ArrayLike) -> NDArray[np.float64]:
        """Item information at each theta: shape (len(theta), n_items)."""
        return item_information(np.atleast_1d(theta), self.a, self.d, self.c, self.scale)

    def rescaled(self, scale: float) -> ItemParameters:
        """The same items with another logistic constant D (a and d change, b and c do not)."""
        f = self.scale / scale
        return ItemParameters(self.items, self.a * f, self.d * f, self.c.copy(), scale)

    def select(self, items: Sequence[str]) -> ItemParameters:
        """The named items, in the order given."""
        index = {name: i for i, name in enumerate(self.items)}
        missing = [name for name in items if name not in index]
        if missing:
            raise KeyError(f"items not in the parameters: {', '.join(missing)}")
        idx = np.array([index[name] for name in items], dtype=np.intp)
        return ItemParameters(tuple(items), self.a[idx], self.d[idx], self.c[idx], self.scale)
