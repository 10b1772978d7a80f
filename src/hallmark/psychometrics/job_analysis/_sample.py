"""Whether a survey's respondents look like the population it samples: each cell's share of
the respondents against the sampling plan's target, with a chi-square goodness-of-fit test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scipy import stats

__all__ = ["CellShare", "Representativeness", "representativeness"]


@dataclass(frozen=True)
class CellShare:
    """One cell (an answer such as a region): its respondents, their share and the target's,
    in percent, and the difference (observed minus target, percentage points)."""

    cell: str
    n: int
    percent: float
    target_percent: float
    difference: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell,
            "n": self.n,
            "percent": self.percent,
            "target_percent": self.target_percent,
            "difference": self.difference,
        }


@dataclass(frozen=True)
class Representativeness:
    """The cells in the plan's order, then any cell the plan has no target for (target 0).

    chi_square, df and p_value are Pearson's goodness-of-fit test of the counts against the
    targets over the cells with a target above 0; None when fewer than two such cells or no
    respondents. A respondent in a cell without a target makes the fit worse by design: the
    test leaves them out, and `outside_plan` counts them."""

    cells: tuple[CellShare, ...]
    respondents: int
    outside_plan: int
    chi_square: float | None
    df: int | None
    p_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cells": [c.to_dict() for c in self.cells],
            "respondents": self.respondents,
            "outside_plan": self.outside_plan,
            "chi_square": self.chi_square,
            "df": self.df,
            "p_value": self.p_value,
        }


def representativeness(
    counts: Mapping[str, int], target_percent: Mapping[str, float]
) -> Representativeness:
    """Compare respondents' counts by cell with the plan's target percentages (summing to 100).

    >>> r = representativeness({"North": 30, "South": 70}, {"North": 50, "South": 50})
    >>> [(c.cell, c.percent, c.difference) for c in r.cells]
    [('North', 30.0, -20.0), ('South', 70.0, 20.0)]
    >>> round(r.chi_square, 2), r.df, round(r.p_value, 5)
    (16.0, 1, 6e-05)
    """
    _representativeness_iv(counts, target_percent)
    order = list(target_percent) + [c for c in counts if c not in target_percent]
    n = sum(counts.values())
    cells = []
    for cell in order:
        k = int(counts.get(cell, 0))
        share = 100.0 * k / n if n else 0.0
        target = float(target_percent.get(cell, 0.0))
        cells.append(CellShare(cell, k, share, target, share - target))
    planned = [c for c in cells if c.target_percent > 0]
    outside = sum(c.n for c in cells if c.target_percent == 0)
    in_plan = n - outside
    chi = df = p = None
    if len(planned) >= 2 and in_plan > 0:
        total_target = sum(c.target_percent for c in planned)
        expected = [in_plan * c.target_percent / total_target for c in planned]
        result = stats.chisquare([c.n for c in planned], expected)
        chi, df, p = float(result.statistic), len(planned) - 1, float(result.pvalue)
    return Representativeness(tuple(cells), n, outside, chi, df, p)


def _representativeness_iv(counts: Mapping[str, int], target: Mapping[str, float]) -> None:
    if not target:
        raise ValueError("The sampling plan has no cells.")
    for cell, value in target.items():
        if not 0 <= value <= 100:
            raise ValueError(f"Target of {cell!r} is {value}%, not between 0 and 100.")
    if abs(sum(target.values()) - 100) > 1e-6:
        raise ValueError(f"The targets sum to {sum(target.values()):g}%, not 100%.")
    for cell, k in counts.items():
        if int(k) != k or k < 0:
            raise ValueError(f"Count of {cell!r} is {k!r}, not a whole number of respondents.")
