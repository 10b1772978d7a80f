"""Do the respondents' subgroups agree on a statement? Subgroup means against the overall mean."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from hallmark.psychometrics.job_analysis._scales import (
    Scale,
    as_ratings,
    resolve_scale,
    statement_names,
)

__all__ = ["MIN_SUBGROUP", "SubgroupComparison", "SubgroupMean", "subgroup_agreement"]

# Below this many answers, a subgroup's mean moves by more than half a scale point with one or
# two respondents, so a difference is shown but not flagged.
MIN_SUBGROUP = 10


@dataclass(frozen=True)
class SubgroupMean:
    """One subgroup's answers to one statement: their number and mean (None when nobody)."""

    label: str
    n: int
    mean: float | None
    flagged: bool

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "n": self.n, "mean": self.mean, "flagged": self.flagged}


@dataclass(frozen=True)
class SubgroupComparison:
    """One statement's subgroup means for one subgroup variable (setting, region, ...).

    Attributes:
        statement, variable: what is compared, and by which respondent label.
        overall_n, overall_mean: every answer to the statement, labelled or not.
        subgroups: every subgroup of the variable, in sorted label order.
        flagged: labels of the subgroups whose mean differs from the overall mean by more than
            the threshold, among those with at least the minimum n.
    """

    statement: str
    variable: str
    overall_n: int
    overall_mean: float | None
    subgroups: tuple[SubgroupMean, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(g.label for g in self.subgroups if g.flagged)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "variable": self.variable,
            "overall_n": self.overall_n,
            "overall_mean": self.overall_mean,
            "subgroups": [g.to_dict() for g in self.subgroups],
            "flagged": list(self.flagged),
        }


def subgroup_agreement(
    ratings: ArrayLike,
    groups: Mapping[str, Sequence[str | None]],
    *,
    threshold: float,
    min_n: int = MIN_SUBGROUP,
    scale: str | Scale = "importance",
    statements: Sequence[str] | None = None,
) -> list[SubgroupComparison]:
    """Each subgroup's mean rating of each statement, flagged when far from the overall mean.

    Args:
        ratings: (respondents, statements) on one scale, NaN for "not answered".
        groups: by variable name ("setting", "region", "experience"), one label per respondent;
            None or "" leaves a respondent out of that variable's subgroups (not of the overall
            mean).
        threshold: a subgroup is flagged when |subgroup mean - overall mean| > threshold, in
            scale points (e.g. 0.5).
        min_n: subgroups with fewer answers to the statement are reported but never flagged.
        scale: the scale the ratings are on, for the range check.
        statements: the statements' names (default "S1", "S2", ...).

    Returns one comparison per statement and variable, statement by statement.
    """
    x, names, labels = _subgroup_agreement_iv(ratings, groups, threshold, min_n, scale, statements)
    answered = ~np.isnan(x)
    out = []
    for j, name in enumerate(names):
        column, ok = x[:, j], answered[:, j]
        overall_n = int(ok.sum())
        overall = float(column[ok].mean()) if overall_n else None
        for variable, per_respondent in labels.items():
            subgroups = []
            for label in sorted({v for v in per_respondent if v is not None}):
                member = ok & (per_respondent == label)
                n = int(member.sum())
                mean = float(column[member].mean()) if n else None
                flagged = (
                    n >= min_n
                    and mean is not None
                    and overall is not None
                    and abs(mean - overall) > threshold
                )
                subgroups.append(SubgroupMean(label, n, mean, flagged))
            out.append(SubgroupComparison(name, variable, overall_n, overall, tuple(subgroups)))
    return out


def _subgroup_agreement_iv(
    ratings: ArrayLike,
    groups: Mapping[str, Sequence[str | None]],
    threshold: float,
    min_n: int,
    scale: str | Scale,
    statements: Sequence[str] | None,
) -> tuple[np.ndarray, list[str], dict[str, np.ndarray]]:
    resolved = resolve_scale(scale)
    raw = np.asarray(ratings, dtype=np.float64)
    names = statement_names(statements, raw.shape[1]) if raw.ndim == 2 else []
    x = as_ratings(raw, resolved, names)
    if not groups:
        raise ValueError("groups must name at least one subgroup variable")
    if not threshold >= 0:
        raise ValueError(f"threshold must be zero or more, got {threshold}")
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, got {min_n}")
    labels = {}
    for variable, values in groups.items():
        if len(values) != x.shape[0]:
            raise ValueError(
                f"groups {variable!r} has {len(values)} labels "
                f"but ratings have {x.shape[0]} respondents"
            )
        labels[variable] = np.array(
            [None if v is None or v == "" else str(v) for v in values], dtype=object
        )
    return x, names, labels
