"""The result of a decision consistency and accuracy analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hallmark.psychometrics.consistency._beta import BetaFit
from hallmark.psychometrics.consistency._indices import Indices

__all__ = ["ConsistencyResult"]


@dataclass(frozen=True)
class ConsistencyResult:
    """Decision accuracy and consistency at one or several cuts.

    Attributes:
        method: "livingston-lewis", "hanson-brennan", "subkoviak" or "rudner".
        n_items: the test length (0 for Rudner, whose cuts are thetas).
        cuts: the cuts, ascending; a candidate passes at a score >= the cut.
        overall: the indices over all categories the cuts make.
        by_cut: the indices of each cut alone, as a pass/fail decision.
        reliability: the reliability used (Livingston-Lewis, Subkoviak) or implied by the
            fitted model (Hanson-Brennan); NaN for Rudner.
        reliability_source: "given", "kr20", "kr21" or "model".
        true_score: the fitted true-score distribution, if any.
        effective_length: Livingston-Lewis's effective test length.
        n_candidates: total weight of the candidates.
    """

    method: str
    n_items: int
    cuts: list[float]
    overall: Indices
    by_cut: list[Indices]
    reliability: float
    reliability_source: str
    true_score: BetaFit | None
    effective_length: int | None
    n_candidates: float

    @property
    def accuracy(self) -> float:
        return self.overall.accuracy

    @property
    def consistency(self) -> float:
        return self.overall.consistency

    @property
    def chance(self) -> float:
        return self.overall.chance

    @property
    def kappa(self) -> float:
        return self.overall.kappa

    @property
    def false_positive(self) -> float:
        return self.overall.false_positive

    @property
    def false_negative(self) -> float:
        return self.overall.false_negative

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "n_items": self.n_items,
            "cuts": list(self.cuts),
            **self.overall.to_dict(),
            "reliability": self.reliability,
            "reliability_source": self.reliability_source,
            "true_score": None if self.true_score is None else self.true_score.to_dict(),
            "effective_length": self.effective_length,
            "n_candidates": self.n_candidates,
            "by_cut": [
                {"cut": c, **i.to_dict()} for c, i in zip(self.cuts, self.by_cut, strict=True)
            ],
        }
