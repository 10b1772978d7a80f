"""Which statements enter the content outline: the survey's inclusion criteria."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hallmark.psychometrics.job_analysis._statistics import SurveyStatistics

__all__ = ["Inclusion", "InclusionCriteria", "inclusion"]


def _default_minimum_mean() -> dict[str, float]:
    return {"importance": 2.5}


@dataclass(frozen=True)
class InclusionCriteria:
    """The thresholds a statement must all meet to be included.

    Attributes:
        minimum_mean: by scale key, the lowest mean rating that passes (mean >= minimum).
        minimum_percent_performing: the lowest percentage of respondents performing the
            statement (percentage >= minimum), or None for no such criterion.
        performance_scale: the key of the frequency scale that percentage comes from.
    """

    minimum_mean: Mapping[str, float] = field(default_factory=_default_minimum_mean)
    minimum_percent_performing: float | None = 50.0
    performance_scale: str = "frequency"


@dataclass(frozen=True)
class Inclusion:
    """Whether one statement is included, and in words why not."""

    statement: str
    included: bool
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "included": self.included,
            "reasons": list(self.reasons),
        }


def inclusion(stats: SurveyStatistics, criteria: InclusionCriteria) -> list[Inclusion]:
    """Apply the criteria to every statement, in the statements' order.

    A statement fails a criterion it cannot be judged on (nobody rated it on that scale); each
    failure is one reason, e.g. "mean importance 2.31 < 2.50" or "performed by 42.0% < 50.0%".
    """
    _inclusion_iv(stats, criteria)
    out = []
    for j, name in enumerate(stats.statements):
        reasons: list[str] = []
        for key, minimum in criteria.minimum_mean.items():
            scale = stats.scales[key]
            mean = scale.statements[j].mean
            if mean is None:
                reasons.append(f"no {scale.scale.name} ratings")
            elif mean < minimum:
                reasons.append(f"mean {scale.scale.name} {mean:.2f} < {minimum:.2f}")
        if criteria.minimum_percent_performing is not None:
            pct = stats.scales[criteria.performance_scale].statements[j].percent_performing
            minimum = criteria.minimum_percent_performing
            if pct is None:
                reasons.append(f"no {criteria.performance_scale} ratings")
            elif pct < minimum:
                reasons.append(f"performed by {pct:.1f}% < {minimum:.1f}%")
        out.append(Inclusion(name, not reasons, tuple(reasons)))
    return out


def _inclusion_iv(stats: SurveyStatistics, criteria: InclusionCriteria) -> None:
    for key in criteria.minimum_mean:
        if key not in stats.scales:
            raise ValueError(f"criteria name scale {key!r}, which the statistics do not have")
    if criteria.minimum_percent_performing is not None:
        key = criteria.performance_scale
        if key not in stats.scales:
            raise ValueError(
                f"criteria name performance scale {key!r}, which the statistics do not have"
            )
        if not stats.scales[key].scale.performance:
            raise ValueError(
                f"scale {key!r} is not a frequency scale: it has no percentage performing"
            )
        if not 0 <= criteria.minimum_percent_performing <= 100:
            raise ValueError(
                "minimum_percent_performing must be between 0 and 100, "
                f"got {criteria.minimum_percent_performing}"
            )
