"""The rating scales of a job analysis survey, and the checks every ratings matrix passes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "CRITICALITY",
    "FREQUENCY",
    "IMPORTANCE",
    "NEEDED_AT_ENTRY",
    "SCALES",
    "Scale",
    "as_ratings",
    "resolve_scale",
    "statement_names",
]


@dataclass(frozen=True)
class Scale:
    """A rating scale: its name, its lowest and highest point.

    Attributes:
        name: how the scale is named in results and messages ("importance").
        low, high: the scale's end points; a rating outside them is an error.
        performance: True for a frequency scale whose lowest point means "never performed",
            so the percentage of respondents performing a statement (rating > low) is reported.
    """

    name: str
    low: float
    high: float
    performance: bool = False

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(
                f"scale {self.name!r}: low {self.low:g} must be below high {self.high:g}"
            )

    @property
    def label(self) -> str:
        return f"{self.name} {self.low:g}-{self.high:g}"


IMPORTANCE = Scale("importance", 0, 4)
FREQUENCY = Scale("frequency", 0, 5, performance=True)
CRITICALITY = Scale("criticality", 0, 4)
NEEDED_AT_ENTRY = Scale("needed at entry", 0, 1)

# The scales a survey usually carries, by the name a ratings mapping uses for them.
SCALES: dict[str, Scale] = {
    "importance": IMPORTANCE,
    "frequency": FREQUENCY,
    "criticality": CRITICALITY,
    "needed_at_entry": NEEDED_AT_ENTRY,
}


def resolve_scale(key: str | Scale, scales: Mapping[str, Scale] | None = None) -> Scale:
    """The scale a ratings key names: one of ``scales``, else one of :data:`SCALES`."""
    if isinstance(key, Scale):
        return key
    if scales is not None and key in scales:
        return scales[key]
    if key in SCALES:
        return SCALES[key]
    known = sorted({*SCALES, *(scales or {})})
    raise ValueError(f"unknown scale {key!r}: give it in scales= (known: {', '.join(known)})")


def statement_names(statements: Sequence[str] | None, n_statements: int) -> list[str]:
    """The statements' names, "S1", "S2", ... when none are given; names must be unique."""
    if statements is None:
        return [f"S{j + 1}" for j in range(n_statements)]
    names = [str(s) for s in statements]
    if len(names) != n_statements:
        raise ValueError(
            f"statements has {len(names)} names but ratings have {n_statements} columns"
        )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"statement {name!r} is named twice")
        seen.add(name)
    return names


def as_ratings(ratings: ArrayLike, scale: Scale, statements: Sequence[str]) -> NDArray[np.float64]:
    """The ratings as a float (respondents, statements) array, checked against the scale.

    NaN is "not answered". Respondent rows are numbered from 1 in messages, as in a
    spreadsheet of the survey export.
    """
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(
            f"{scale.name} ratings must be a 2-D array (respondents, statements), got {x.ndim}-D"
        )
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{scale.name} ratings are empty: shape {x.shape}")
    if x.shape[1] != len(statements):
        raise ValueError(
            f"{scale.name} ratings have {x.shape[1]} statements (columns), "
            f"expected {len(statements)}"
        )
    answered = ~np.isnan(x)
    bad = answered & ~((x >= scale.low) & (x <= scale.high))  # also catches +-inf
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"ratings row {row + 1}, statement {statements[col]!r}: "
            f"{x[row, col]:g} is outside {scale.label}"
        )
    return x
