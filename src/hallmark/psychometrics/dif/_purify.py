"""Purification of the matching score: drop flagged items from it and test again.

As difR does: step 0 tests every item with all items in the matching score; each further step
matches on the items not flagged at the step before (the studied item always included), until
the flagged set repeats or `max_iterations` steps have run. `max_iterations=1` is the classic
two-step purification.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics._warnings import ConvergenceWarning

__all__ = ["Purification", "purify"]


class _Flagged(Protocol):
    @property
    def flagged(self) -> bool: ...


@dataclass(frozen=True)
class Purification:
    """How the matching score was purified.

    Attributes:
        purified: whether purification was asked for.
        iterations: steps after the first test (difR's nrPur).
        converged: the flagged set repeated (always True without purification).
        steps: the items flagged at each step, step 0 first.
        anchor: the items of the final matching score (besides each studied item).
    """

    purified: bool
    iterations: int
    converged: bool
    steps: list[list[str]]
    anchor: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "purified": self.purified,
            "iterations": self.iterations,
            "converged": self.converged,
            "steps": [list(s) for s in self.steps],
            "anchor": list(self.anchor),
        }


Stats = Callable[[NDArray[np.bool_]], Sequence[Any]]


def purify(
    items: Sequence[str], stats: Stats, *, enabled: bool, max_iterations: int = 10
) -> tuple[Sequence[Any], Purification]:
    """Run `stats(anchor)` and, when `enabled`, purify; the last statistics and the record."""
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be at least 1; got {max_iterations}")
    k = len(items)
    anchor = np.ones(k, dtype=bool)
    result = stats(anchor)
    flagged = _flags(result)
    steps = [_names(items, flagged)]
    iterations, converged = 0, True
    if enabled and flagged.any():
        converged = False
        while iterations < max_iterations:
            iterations += 1
            anchor = ~flagged
            result = stats(anchor)
            new = _flags(result)
            steps.append(_names(items, new))
            if np.array_equal(new, flagged):
                converged = True
                break
            flagged = new
        if not converged:
            warnings.warn(
                f"purification did not settle after {max_iterations} iterations; the results "
                "are those of the last iteration",
                ConvergenceWarning,
                stacklevel=3,
            )
    record = Purification(enabled, iterations, converged, steps, _names(items, anchor))
    return result, record


def _flags(result: Sequence[_Flagged]) -> NDArray[np.bool_]:
    return np.array([r.flagged for r in result], dtype=bool)


def _names(items: Sequence[str], mask: NDArray[np.bool_]) -> list[str]:
    return [items[int(j)] for j in np.flatnonzero(mask)]
