"""Classification indices from true categories and conditional observed-category probabilities.

Given quadrature nodes of the true score with weights, each node's true category and the
probabilities of each observed category at the node: accuracy (observed = true), consistency
(two parallel administrations agree), chance agreement, Cohen's kappa, and false positives
(observed above true) and negatives (below), all as proportions of the population.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Indices", "indices", "per_cut"]


@dataclass(frozen=True)
class Indices:
    """Decision accuracy and consistency over the categories a set of cuts makes.

    Attributes:
        accuracy: P(observed category = true category); NaN where no true score is modelled.
        consistency: P(two parallel administrations give the same category).
        chance: the agreement expected by chance, sum of squared marginal proportions.
        kappa: Cohen's kappa, (consistency - chance) / (1 - chance).
        false_positive: P(observed category above the true one).
        false_negative: P(observed category below the true one).
    """

    accuracy: float
    consistency: float
    chance: float
    kappa: float
    false_positive: float
    false_negative: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "consistency": self.consistency,
            "chance": self.chance,
            "kappa": self.kappa,
            "false_positive": self.false_positive,
            "false_negative": self.false_negative,
        }


def indices(
    weights: NDArray[np.float64],
    observed: NDArray[np.float64],
    true: NDArray[np.intp] | None,
) -> Indices:
    """Indices from node weights (m,), observed-category probabilities (m, k), true categories.

    `true` None (no true-score model, as Subkoviak's) leaves accuracy and the error rates NaN.
    """
    w = weights / weights.sum()
    consistency = float(w @ (observed**2).sum(axis=1))
    marginal = w @ observed
    chance = float((marginal**2).sum())
    kappa = (consistency - chance) / (1 - chance) if chance < 1 else float("nan")
    if true is None:
        nan = float("nan")
        return Indices(nan, consistency, chance, kappa, nan, nan)
    category = np.arange(observed.shape[1])
    right = observed[np.arange(len(w)), true]
    above = (observed * (category[None, :] > true[:, None])).sum(axis=1)
    below = (observed * (category[None, :] < true[:, None])).sum(axis=1)
    return Indices(float(w @ right), consistency, chance, kappa, float(w @ above), float(w @ below))


def per_cut(
    weights: NDArray[np.float64],
    observed: NDArray[np.float64],
    true: NDArray[np.intp] | None,
) -> list[Indices]:
    """The indices of each cut alone, as a pass/fail decision."""
    out = []
    for c in range(1, observed.shape[1]):
        two = np.stack([observed[:, :c].sum(axis=1), observed[:, c:].sum(axis=1)], axis=1)
        out.append(indices(weights, two, None if true is None else (true >= c).astype(np.intp)))
    return out
