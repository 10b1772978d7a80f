"""Bootstrap standard errors: resample the frequency tables, equate every replication at once."""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from .._warnings import DegenerateDataWarning

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
    """Standard deviation over the replications (axis 0) of each equivalent.

    Replications whose data leave the equating undefined (a resample with one score only,
    say) are left out with a named warning; fewer than two usable ones is an error.
    """
    ok = np.all(np.isfinite(replicates), axis=-1)
    if not ok.all():
        warnings.warn(
            f"bootstrap: {int((~ok).sum())} replication(s) had degenerate data and were left out",
            DegenerateDataWarning,
            stacklevel=3,
        )
    if ok.sum() < 2:
        raise ValueError("bootstrap: fewer than 2 replications gave an equating")
    return np.asarray(np.std(replicates[ok], axis=0, ddof=1), dtype=np.float64)
