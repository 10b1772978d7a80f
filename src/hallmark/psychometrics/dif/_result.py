"""The result of a DIF analysis, and the entry point that runs one."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics.dif._groups import MIN_GROUP, DifGroups, split_groups
from hallmark.psychometrics.dif._purify import Purification, purify

__all__ = ["DIF_METHODS", "DifResult", "dif_analysis", "dif_groups_analysis"]


@dataclass(frozen=True)
class DifResult:
    """Per-item DIF statistics of one method, with the groups and the purification record.

    Attributes:
        method: "mh", "logistic" or "standardization".
        alpha: the significance level of `flagged`.
        items: one row per item (`MHItem`, `LogisticItem` or `StandardizationItem`).
        groups: the groups compared and the candidates left out.
        purification: how the matching score was purified.
    """

    method: str
    alpha: float
    items: list[Any]
    groups: DifGroups
    purification: Purification

    def item(self, name: str) -> Any:
        return next(row for row in self.items if row.item == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "alpha": self.alpha,
            "groups": self.groups.to_dict(),
            "items": [dataclasses.asdict(row) for row in self.items],
            "flagged": [row.item for row in self.items if row.flagged],
            "purification": self.purification.to_dict(),
        }


Method = Callable[..., Sequence[Any]]


# method -> (module, function): imported when used, so the others' imports stay off the path
_METHODS = {
    "mh": ("_mh", "mh_statistics"),
    "logistic": ("_logistic", "logistic_statistics"),
    "standardization": ("_standardization", "standardization_statistics"),
}
DIF_METHODS = tuple(_METHODS)


def _method(name: str) -> Method:
    module, function = _METHODS[name]
    fn: Method = getattr(importlib.import_module(f"hallmark.psychometrics.dif.{module}"), function)
    return fn


def dif_groups_analysis(
    groups: DifGroups,
    method: str = "mh",
    *,
    purify_anchor: bool = False,
    max_iterations: int = 10,
    alpha: float = 0.05,
    **options: Any,
) -> DifResult:
    """DIF statistics of every item for groups already split (see `dif_analysis`)."""
    if method not in DIF_METHODS:
        raise ValueError(f"method must be one of {', '.join(DIF_METHODS)}; got {method!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1; got {alpha!r}")
    fn = _method(method)

    def stats(anchor: NDArray[np.bool_]) -> Sequence[Any]:
        return fn(groups, anchor, alpha=alpha, **options)

    rows, record = purify(groups.items, stats, enabled=purify_anchor, max_iterations=max_iterations)
    return DifResult(method, alpha, list(rows), groups, record)


def dif_analysis(
    scores: ArrayLike,
    group: Sequence[Any],
    focal: Any,
    reference: Any | None = None,
    *,
    method: str = "mh",
    purify: bool = False,
    max_iterations: int = 10,
    alpha: float = 0.05,
    weights: ArrayLike | None = None,
    items: Sequence[str] | None = None,
    min_group: float = MIN_GROUP,
    **options: Any,
) -> DifResult:
    """DIF of every item between a focal and a reference group, matching on the total score.

    Args:
        scores: 0/1 scores (candidates, items); NaN for no response (wrong in the matching
            score, left out of that item's own statistics).
        group: each candidate's group value; blank or None values are excluded and counted.
        focal: the focal group's value.
        reference: the reference group's value (default: every other value).
        method: "mh" (Mantel-Haenszel), "logistic" or "standardization".
        purify: purify the matching score (iteratively, as difR; see `max_iterations`).
        max_iterations: purification steps at most (1 = two-step purification).
        alpha: significance level of `flagged`.
        weights: pattern frequencies.
        items: item names.
        min_group: groups smaller than this get a `SmallGroupWarning`.
        options: method options (mh: ``correct=True``).
    """
    groups = split_groups(
        scores, group, focal, reference, weights=weights, items=items, min_group=min_group
    )
    return dif_groups_analysis(
        groups,
        method,
        purify_anchor=purify,
        max_iterations=max_iterations,
        alpha=alpha,
        **options,
    )
