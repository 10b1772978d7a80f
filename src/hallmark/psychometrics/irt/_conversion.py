"""Conditional standard errors of measurement and the raw -> theta -> scaled conversion table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._ability import sum_score_table, test_information, theta_for_score
from ._models import ItemParameters

__all__ = ["CONVERSION_METHODS", "ConversionTable", "conditional_sem", "conversion_table"]

CONVERSION_METHODS = ("tcc", "eap")


def conditional_sem(theta: ArrayLike, params: ItemParameters) -> NDArray[np.float64]:
    """IRT conditional SEM on the theta scale: 1 / sqrt(I(theta))."""
    with np.errstate(divide="ignore"):
        return np.asarray(1.0 / np.sqrt(test_information(theta, params)), dtype=np.float64)


@dataclass(frozen=True)
class ConversionTable:
    """For each raw score 0..k: theta, its CSEM, the scaled score and its CSEM, and the raw-score
    CSEM sqrt(sum P Q) at that theta.

    ``method`` ``tcc``: theta inverts the test characteristic curve (true-score conversion),
    CSEM 1/sqrt(I(theta)); raw scores the curve cannot reach (0, k, at or below the sum of
    the c's) are held at ``bounds`` and flagged in ``at_bound``. ``eap``: the EAP of each raw
    score (Lord-Wingersky) and its posterior sd. Scaled = ``slope`` theta + ``intercept``.
    """

    method: str
    raw: NDArray[np.int64]
    theta: NDArray[np.float64]
    theta_csem: NDArray[np.float64]
    scaled: NDArray[np.float64]
    scaled_csem: NDArray[np.float64]
    raw_csem: NDArray[np.float64]
    at_bound: NDArray[np.bool_]
    slope: float
    intercept: float

    def to_dict(self) -> dict[str, Any]:
        columns = ("theta", "theta_csem", "scaled", "scaled_csem", "raw_csem")
        rows = []
        for j, raw in enumerate(self.raw):
            row: dict[str, Any] = {"raw": int(raw)}
            row.update({name: float(getattr(self, name)[j]) for name in columns})
            row["at_bound"] = bool(self.at_bound[j])
            rows.append(row)
        return {
            "method": self.method,
            "slope": self.slope,
            "intercept": self.intercept,
            "rows": rows,
        }


def conversion_table(
    params: ItemParameters,
    method: str = "tcc",
    *,
    slope: float = 1.0,
    intercept: float = 0.0,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
    bounds: tuple[float, float] = (-6.0, 6.0),
) -> ConversionTable:
    """The conversion of every raw score of the full test to theta and to the reporting scale."""
    if not isinstance(params, ItemParameters):
        raise TypeError("params must be ItemParameters")
    m = str(method).lower()
    if m not in CONVERSION_METHODS:
        raise ValueError(f"method must be one of {', '.join(CONVERSION_METHODS)}, got {method!r}")
    if not (math.isfinite(slope) and slope > 0 and math.isfinite(intercept)):
        raise ValueError(
            f"slope must be positive and intercept finite, got {slope!r}, {intercept!r}"
        )
    raw = np.arange(params.n_items + 1)
    if m == "tcc":
        conv = theta_for_score(raw.astype(np.float64), params, bounds)
        theta, at_bound = conv.theta, conv.at_bound
        csem = conditional_sem(theta, params)
    else:
        table = sum_score_table(params, prior_mean=prior_mean, prior_sd=prior_sd)
        theta, csem = table.theta, table.se
        at_bound = np.zeros(raw.shape, dtype=bool)
    p = params.probability(theta)
    raw_csem = np.sqrt(np.sum(p * (1 - p), axis=1))
    return ConversionTable(
        m,
        raw,
        theta,
        csem,
        slope * theta + intercept,
        slope * csem,
        raw_csem,
        at_bound,
        float(slope),
        float(intercept),
    )
