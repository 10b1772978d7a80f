"""The two groups a DIF analysis compares, and the score that matches candidates across them."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hallmark.psychometrics._warnings import SmallGroupWarning

__all__ = ["MIN_GROUP", "DifGroups", "matching_score", "split_groups"]

# Below this many candidates in a group, DIF statistics are too unstable to act on alone
# (the usual guidance for Mantel-Haenszel and logistic regression DIF is 100 to 200).
MIN_GROUP = 100


@dataclass(frozen=True)
class DifGroups:
    """Scores of the candidates in the reference or focal group, with the counts left out.

    Attributes:
        items: item names.
        scores: float64 (candidates, items): 1.0, 0.0, or NaN for no response.
        focal: bool (candidates,): True in the focal group, False in the reference group.
        weights: float64 (candidates,) frequencies.
        focal_value, reference_value: the group values compared (reference None = all others).
        n_missing_group: candidates without a group value, excluded.
        n_other_group: candidates in neither group (only with a named reference), excluded.
    """

    items: list[str]
    scores: NDArray[np.float64]
    focal: NDArray[np.bool_]
    weights: NDArray[np.float64]
    focal_value: str
    reference_value: str | None
    n_missing_group: int
    n_other_group: int

    @cached_property
    def right(self) -> NDArray[np.bool_]:
        """True where the response is right (a compact copy: one byte per response)."""
        return np.asarray(self.scores == 1)

    @cached_property
    def missing(self) -> NDArray[np.bool_]:
        """True where there is no response."""
        return np.isnan(self.scores)

    @property
    def n_focal(self) -> float:
        return float(self.weights[self.focal].sum())

    @property
    def n_reference(self) -> float:
        return float(self.weights[~self.focal].sum())

    def swapped(self) -> DifGroups:
        """The same data with the roles of reference and focal exchanged."""
        return DifGroups(
            self.items,
            self.scores,
            ~self.focal,
            self.weights,
            self.reference_value or f"not {self.focal_value}",
            self.focal_value,
            self.n_missing_group,
            self.n_other_group,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "focal": self.focal_value,
            "reference": self.reference_value,
            "n_focal": self.n_focal,
            "n_reference": self.n_reference,
            "n_missing_group": self.n_missing_group,
            "n_other_group": self.n_other_group,
        }


def split_groups(
    scores: ArrayLike,
    group: Sequence[Any],
    focal: Any,
    reference: Any | None = None,
    *,
    weights: ArrayLike | None = None,
    items: Sequence[str] | None = None,
    min_group: float = MIN_GROUP,
) -> DifGroups:
    """Keep the reference and focal candidates; blank or None group values are counted, not used.

    Args:
        scores: 0/1 scores (candidates, items); NaN for no response.
        group: each candidate's group value (compared as text).
        focal: the focal group's value.
        reference: the reference group's value; None takes every other (non-blank) value.
        weights: pattern frequencies (default ones).
        items: item names (default "1", "2", ...).
        min_group: the size below which a `SmallGroupWarning` names the group.
    """
    x = np.asarray(scores, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"scores must be a 2-D array (candidates, items); got {x.ndim}-D")
    names = (
        [str(i) for i in items] if items is not None else [str(j + 1) for j in range(x.shape[1])]
    )
    _check_scores(x, names, len(group))
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=np.float64)
    labels = np.array(["" if g is None else str(g).strip() for g in group], dtype=object)
    missing = labels == ""
    is_focal = labels == str(focal)
    is_reference = ~missing & ~is_focal
    if reference is not None:
        is_reference &= labels == str(reference)
    keep = is_focal | is_reference
    result = DifGroups(
        names,
        x if keep.all() else x[keep],
        is_focal[keep],
        w[keep],
        str(focal),
        None if reference is None else str(reference),
        int(missing.sum()),
        int((~missing & ~keep).sum()),
    )
    _check_sizes(result, min_group)
    return result


def _check_scores(x: NDArray[np.float64], names: list[str], n_group: int) -> None:
    if len(names) != x.shape[1]:
        raise ValueError(f"{len(names)} item names for {x.shape[1]} score columns")
    if n_group != len(x):
        raise ValueError(f"{n_group} group values for {len(x)} candidates")
    bad = ~(np.isnan(x) | (x == 0) | (x == 1))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            f"score {float(x[row, col])!r} of item {names[col]!r} is not 0, 1 or missing"
        )


def _check_sizes(groups: DifGroups, min_group: float) -> None:
    for role, size, value in (
        ("focal", groups.n_focal, groups.focal_value),
        ("reference", groups.n_reference, groups.reference_value),
    ):
        if size == 0:
            raise ValueError(f"the {role} group ({value or 'all others'}) has no candidates")
        if size < min_group:
            warnings.warn(
                f"the {role} group ({value or 'all others'}) has {size:g} candidates, fewer than "
                f"the {min_group:g} its DIF statistics need to be trusted",
                SmallGroupWarning,
                stacklevel=3,
            )


def matching_score(groups: DifGroups, anchor: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Number right on the anchor items (no response counts as wrong)."""
    right = groups.right if anchor.all() else groups.right[:, anchor]
    return right.sum(axis=1, dtype=np.intp)
