"""Person fit: the standardized log-likelihood lz (Drasgow, Levine & Williams, 1985).

l0 = sum_j [x_j ln P_j + (1 - x_j) ln Q_j] at the candidate's theta; under the model its mean is
E = sum_j [P_j ln P_j + Q_j ln Q_j] and its variance V = sum_j P_j Q_j [ln(P_j / Q_j)]^2, so
lz = (l0 - E) / sqrt(V). Large negative values mark response patterns the model finds
unlikely (a common screen: lz < -1.645). Unanswered items are left out of all three sums.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._warnings import DegenerateDataWarning
from ._ability import _responses
from ._models import ItemParameters

__all__ = ["PersonFit", "person_fit"]


@dataclass(frozen=True)
class PersonFit:
    """lz per candidate with its parts: l0, its expectation and its variance at ``theta``."""

    lz: NDArray[np.float64]
    loglik: NDArray[np.float64]
    expected: NDArray[np.float64]
    variance: NDArray[np.float64]
    theta: NDArray[np.float64]


def person_fit(scores: ArrayLike, params: ItemParameters, theta: ArrayLike) -> PersonFit:
    """lz for each row of ``scores`` (1/0/NaN per item of ``params``) at its ``theta``.

    A row whose variance is zero (no answered items) gets NaN with a DegenerateDataWarning.
    """
    if not isinstance(params, ItemParameters):
        raise TypeError("params must be ItemParameters")
    x = _responses(scores, params)
    t = np.asarray(theta, dtype=np.float64).reshape(-1)
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"theta needs one value per row of scores ({x.shape[0]}), got {t.size}")
    if not np.all(np.isfinite(t)):
        raise ValueError("theta must be finite (estimate it with a method that gives one)")
    p = np.clip(params.probability(t), 1e-12, 1 - 1e-12)  # candidates x items
    obs = ~np.isnan(x)
    logp, logq = np.log(p), np.log1p(-p)
    x0 = np.nan_to_num(x)
    l0 = np.sum(obs * (x0 * logp + (1 - x0) * logq), axis=1)
    e = np.sum(obs * (p * logp + (1 - p) * logq), axis=1)
    v = np.sum(obs * p * (1 - p) * (logp - logq) ** 2, axis=1)
    empty = v <= 0
    if empty.any():
        warnings.warn(
            f"{int(empty.sum())} candidate(s) have no responses: lz is undefined (NaN)",
            DegenerateDataWarning,
            stacklevel=2,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        lz = np.where(empty, np.nan, (l0 - e) / np.sqrt(np.where(empty, 1.0, v)))
    return PersonFit(lz, l0, e, v, t)
