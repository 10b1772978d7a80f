"""Rectangular quadrature over the latent trait, and collapsing of response patterns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Quadrature"]


@dataclass(frozen=True)
class Quadrature:
    """Equally spaced nodes on [lower, upper] with normal-density weights.

    The defaults (61 nodes on [-6, 6]) are R mirt's for unidimensional models.
    """

    points: int = 61
    lower: float = -6.0
    upper: float = 6.0

    def __post_init__(self) -> None:
        if int(self.points) != self.points or self.points < 5:
            raise ValueError(f"quadrature points must be an integer >= 5, got {self.points!r}")
        if not (np.isfinite(self.lower) and np.isfinite(self.upper) and self.lower < self.upper):
            raise ValueError(
                "quadrature range must be finite with lower < upper, "
                f"got [{self.lower}, {self.upper}]"
            )

    def nodes(self) -> NDArray[np.float64]:
        return np.linspace(self.lower, self.upper, int(self.points))

    def log_weights(self, mean: float = 0.0, sd: float = 1.0) -> NDArray[np.float64]:
        """Log of the normal N(mean, sd^2) density at the nodes, normalised to sum to one."""
        z = (self.nodes() - mean) / sd
        logw = -0.5 * z * z
        return logw - np.log(np.exp(logw - logw.max()).sum()) - logw.max()


@dataclass(frozen=True)
class Patterns:
    """Unique response patterns with their summed frequency weights.

    ``x`` holds 0/1 with 0 where a response is missing; ``observed`` is None when nothing is
    missing, else the 0/1 mask of observed responses.
    """

    x: NDArray[np.float64]
    observed: NDArray[np.float64] | None
    counts: NDArray[np.float64]


def collapse_patterns(
    x0: NDArray[np.float64],
    missing: NDArray[np.bool_] | None,
    weights: NDArray[np.float64],
) -> Patterns:
    """Group identical rows (same responses, same missing cells) and add up their weights.

    ``x0`` holds the 0/1 scores with 0 in missing cells; ``missing`` is None when none are.
    """
    packed = np.packbits(x0.astype(np.uint8), axis=1)
    if missing is not None:
        packed = np.concatenate([packed, np.packbits(missing, axis=1)], axis=1)
    rows = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=weights, minlength=first.size)
    keep = counts > 0
    first, counts = first[keep], counts[keep]
    observed = None if missing is None else (~missing[first]).astype(np.float64)
    return Patterns(x=x0[first], observed=observed, counts=counts.astype(np.float64))
