"""Descriptive statistics of each statement on each rating scale of a job analysis survey."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from hallmark.psychometrics.job_analysis._scales import (
    Scale,
    as_ratings,
    resolve_scale,
    statement_names,
)

__all__ = [
    "ScaleStatistics",
    "StatementStatistics",
    "SurveyStatistics",
    "statement_statistics",
]


@dataclass(frozen=True)
class StatementStatistics:
    """One statement's ratings on one scale.

    Attributes:
        statement: the statement's name.
        n: respondents who answered.
        mean: mean rating (None when nobody answered).
        sd: standard deviation, dividing by n - 1 (None for n < 2).
        ci_low, ci_high: the t-based confidence interval of the mean,
            mean -+ t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n) (None for n < 2).
        percent_performing: on a frequency scale, the percentage of those who answered whose
            rating is above "never performed"; None on other scales or when nobody answered.
    """

    statement: str
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    percent_performing: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "percent_performing": self.percent_performing,
        }


@dataclass(frozen=True)
class ScaleStatistics:
    """Every statement's statistics on one scale, in the statements' order."""

    scale: Scale
    confidence: float
    statements: list[StatementStatistics]

    def __getitem__(self, statement: str) -> StatementStatistics:
        for s in self.statements:
            if s.statement == statement:
                return s
        raise KeyError(statement)


@dataclass(frozen=True)
class SurveyStatistics:
    """The statistics of a survey: the statements, and their statistics on each scale.

    Attributes:
        statements: the statements' names, in column order.
        n_respondents: rows of the ratings.
        scales: the statistics by the key the ratings mapping used ("importance", ...).
    """

    statements: list[str]
    n_respondents: int
    scales: dict[str, ScaleStatistics]

    def __getitem__(self, scale: str) -> ScaleStatistics:
        return self.scales[scale]

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": list(self.statements),
            "n_respondents": self.n_respondents,
            "scales": {
                key: {
                    "scale": s.scale.name,
                    "confidence": s.confidence,
                    "statements": [st.to_dict() for st in s.statements],
                }
                for key, s in self.scales.items()
            },
        }


def statement_statistics(
    ratings: Mapping[str, ArrayLike],
    *,
    statements: Sequence[str] | None = None,
    scales: Mapping[str, Scale] | None = None,
    confidence: float = 0.95,
) -> SurveyStatistics:
    """n, mean, SD, t confidence interval of the mean and percentage performing, per statement.

    Args:
        ratings: by scale key, a (respondents, statements) array with NaN for "not answered".
            Keys of :data:`SCALES` ("importance", "frequency", "criticality",
            "needed_at_entry") need no ``scales`` entry; every array has the same shape.
        statements: the statements' names (default "S1", "S2", ...).
        scales: scales for other keys, or to override the usual ones.
        confidence: the level of the confidence interval, in (0, 1).

    The interval is the usual one for a mean, mean -+ t(alpha/2, n - 1) SD / sqrt(n), with
    scipy.stats.t; it needs n >= 2, so a statement answered by fewer gets None for SD and
    interval (and None for the mean when nobody answered), never a warning.
    """
    keys, arrays, names = _statement_statistics_iv(ratings, statements, scales, confidence)
    n_respondents = next(iter(arrays.values())).shape[0]
    return SurveyStatistics(
        statements=names,
        n_respondents=n_respondents,
        scales={
            key: ScaleStatistics(
                scale=keys[key],
                confidence=confidence,
                statements=[
                    _one(name, arrays[key][:, j], keys[key], confidence)
                    for j, name in enumerate(names)
                ],
            )
            for key in arrays
        },
    )


def _statement_statistics_iv(
    ratings: Mapping[str, ArrayLike],
    statements: Sequence[str] | None,
    scales: Mapping[str, Scale] | None,
    confidence: float,
) -> tuple[dict[str, Scale], dict[str, np.ndarray], list[str]]:
    if not isinstance(ratings, Mapping) or not ratings:
        raise ValueError("ratings must be a non-empty mapping of scale name to a ratings array")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    keys = {key: resolve_scale(key, scales) for key in ratings}
    raw = {key: np.asarray(value, dtype=np.float64) for key, value in ratings.items()}
    first = next(iter(raw))
    width = raw[first].shape[1] if raw[first].ndim == 2 else 0
    names = statement_names(statements, width) if width else []
    arrays = {key: as_ratings(raw[key], keys[key], names) for key in raw}
    shape = arrays[first].shape
    for key, x in arrays.items():
        if x.shape != shape:
            raise ValueError(
                f"{key} ratings have shape {x.shape}, {first} ratings {shape}: "
                "every scale rates the same respondents and statements"
            )
    return keys, arrays, names


def _one(name: str, column: np.ndarray, scale: Scale, confidence: float) -> StatementStatistics:
    answered = column[~np.isnan(column)]
    n = int(answered.size)
    mean = float(answered.mean()) if n else None
    performing = None
    if scale.performance and n:
        performing = 100.0 * float(np.count_nonzero(answered > scale.low)) / n
    sd = low = high = None
    if n >= 2 and mean is not None:
        sd = float(answered.std(ddof=1))
        half = float(sps.t.ppf(0.5 + confidence / 2, n - 1)) * sd / np.sqrt(n)
        low, high = mean - half, mean + half
    return StatementStatistics(name, n, mean, sd, low, high, performing)
