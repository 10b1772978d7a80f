"""The logistic and normal-quantile functions the IRT code needs, in numpy alone.

scipy.special's import pulls in much of numpy (testing, f2py, masked arrays): about 0.15 s of
a verb's start-up, longer than reading a 20,000-candidate file. These equal scipy's to
rounding (tests/psychometrics/test_irt_special.py).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["expit", "log_expit", "ndtri"]


def log_expit(x: ArrayLike) -> NDArray[np.float64]:
    """log(1 / (1 + exp(-x))) without overflow or loss of precision in either tail (NaN -> NaN
    silently, as scipy's)."""
    with np.errstate(invalid="ignore"):
        out = -np.logaddexp(0.0, np.negative(x, dtype=np.float64))
    return np.asarray(out, dtype=np.float64)


def expit(x: ArrayLike) -> NDArray[np.float64]:
    """1 / (1 + exp(-x)), accurate in relative terms in both tails (exp never overflows)."""
    z = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), dtype=np.float64)


def ndtri(p: ArrayLike) -> NDArray[np.float64]:
    """The standard normal quantile (Wichura's AS 241, as in the statistics module)."""
    q = np.asarray(p, dtype=np.float64)
    inv = NormalDist().inv_cdf
    out = np.array([inv(v) if 0.0 < v < 1.0 else _edge(v) for v in q.ravel()])
    return out.reshape(q.shape)


def _edge(v: float) -> float:
    if v == 0.0:
        return float("-inf")
    if v == 1.0:
        return float("inf")
    return float("nan")
