"""The result of an equating: the conversion table with its standard errors and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["EquatingResult", "moments"]


def moments(scores: NDArray[np.float64], weights: NDArray[np.float64]) -> dict[str, float]:
    """Mean, sd, skewness and kurtosis (not excess) of `scores` weighted by `weights`.

    The sd divides by the total weight, as Kolen & Brennan and R `equate` do.
    """
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    if total <= 0:
        raise ValueError("moments need a positive total frequency")
    mean = float(w @ scores) / total
    dev = scores - mean
    var = float(w @ dev**2) / total
    sd = var**0.5
    skew = float(w @ dev**3) / total / sd**3 if sd > 0 else 0.0
    kurt = float(w @ dev**4) / total / var**2 if sd > 0 else 0.0
    return {"mean": mean, "sd": sd, "skew": skew, "kurt": kurt, "n": total}


@dataclass(frozen=True)
class EquatingResult:
    """Form X scores on the scale of form Y.

    Attributes:
        design: "random-groups", "neat" or "irt".
        method: the equating method ("linear", "tucker", "true-score", ...).
        scores: the form X scores, 0 .. max.
        equated: their equivalents on form Y.
        se: standard error of each equivalent, or None when none was asked for.
        se_kind: "analytic", "bootstrap", "parametric-bootstrap" (IRT) or None.
        slope, intercept: of the line, for linear methods; None for nonlinear ones.
        synthetic_weight: w1, the weight of the X population in the synthetic population
            (NEAT designs; None otherwise).
        moments: "x", "y" and "equated" moments (mean, sd, skew, kurt, n); the equated
            moments weight each equivalent by the frequency of its X score.
        settings: how the equating was run (smoothing, bootstrap replications, seed, ...).
    """

    design: str
    method: str
    scores: NDArray[np.float64]
    equated: NDArray[np.float64]
    se: NDArray[np.float64] | None
    se_kind: str | None
    slope: float | None
    intercept: float | None
    synthetic_weight: float | None
    moments: dict[str, dict[str, float]]
    settings: dict[str, Any] = field(default_factory=dict)

    def convert(self, x: Any) -> NDArray[np.float64]:
        """Equivalents of any X scores, by linear interpolation in the conversion table."""
        return np.interp(np.asarray(x, dtype=np.float64), self.scores, self.equated)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``hallmark equate --json``."""
        se = self.se if self.se is not None else [None] * len(self.scores)
        table = [
            {"score": float(s), "equated": float(e), "se": None if v is None else float(v)}
            for s, e, v in zip(self.scores, self.equated, se, strict=True)
        ]
        return {
            "design": self.design,
            "method": self.method,
            "slope": self.slope,
            "intercept": self.intercept,
            "synthetic_weight": self.synthetic_weight,
            "se_kind": self.se_kind,
            "table": table,
            "moments": self.moments,
            "settings": self.settings,
        }
