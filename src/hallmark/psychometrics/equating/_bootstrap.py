"""Bootstrap standard errors: resample the frequency tables, equate every replication at once."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["bootstrap_se", "resample"]


def resample(counts: NDArray[np.float64], reps: int, seed: int | None) -> NDArray[np.float64]:
    """`reps` multinomial resamples of a count table (any shape) of the same size.

    Drawing each replication's cell counts is the same as drawing its examinees with
    replacement, and costs the same for 100 examinees as for a million.
    """
    if int(reps) != reps or reps < 2:
        raise ValueError(f"bootstrap replications must be a whole number >= 2, got {reps}")
    rng = np.random.default_rng(seed)
    flat = counts.ravel()
    n = round(float(flat.sum()))
    draws = rng.multinomial(n, flat / flat.sum(), size=int(reps)).astype(np.float64)
    return draws.reshape(int(reps), *counts.shape)


def bootstrap_se(replicates: NDArray[np.float64]) -> NDArray[np.float64]:
    """Standard deviation over the replications (axis 0) of each equivalent."""
    return np.asarray(np.std(replicates, axis=0, ddof=1), dtype=np.float64)
