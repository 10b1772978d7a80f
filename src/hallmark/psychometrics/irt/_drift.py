"""Anchor-drift screening: common items whose difficulty moved between two calibrations.

Two screens, reported side by side (an item failing either is named as drifted):
- robust z (Huynh & Meyer, 2010) on the raw difficulty differences d = b_base - b_new:
  z = (d - median(d)) / (0.74 IQR(d)); |z| > ``z_limit`` (2.7) flags an item;
- displacement: b_base - (A b_new + B) after linking on all common items;
  |displacement| > ``displacement_limit`` (0.3) flags an item.
The linking is then redone without the drifted items (``relinked``) when at least two remain.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._warnings import DegenerateDataWarning
from ._linking import Linking, link
from ._models import ItemParameters

__all__ = ["AnchorDrift", "screen_anchors"]

# 0.74 IQR estimates the sd of a normal distribution (1 / 1.349).
IQR_TO_SD = 0.74


@dataclass(frozen=True)
class AnchorDrift:
    """Per common item (in ``items`` order): raw b difference, robust z and displacement.

    ``drifted`` names the flagged items; ``linking`` uses every common item, ``relinked`` only
    the undrifted ones (None when nothing drifted or fewer than two items are left).
    """

    items: tuple[str, ...]
    b_difference: NDArray[np.float64]
    robust_z: NDArray[np.float64]
    displacement: NDArray[np.float64]
    drifted: tuple[str, ...]
    z_limit: float
    displacement_limit: float
    linking: Linking
    relinked: Linking | None

    def to_dict(self) -> dict[str, Any]:
        rows = zip(self.items, self.b_difference, self.robust_z, self.displacement, strict=True)
        return {
            "items": [
                {
                    "item": name,
                    "b_difference": float(d),
                    "robust_z": float(z),
                    "displacement": float(s),
                    "drifted": name in self.drifted,
                }
                for name, d, z, s in rows
            ],
            "drifted": list(self.drifted),
            "z_limit": self.z_limit,
            "displacement_limit": self.displacement_limit,
        }


def robust_z(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """(x - median) / (0.74 IQR); NaN with a DegenerateDataWarning when the IQR is zero."""
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    spread = IQR_TO_SD * (q3 - q1)
    if spread <= 1e-12:  # equal differences up to rounding
        warnings.warn(
            "the b differences of the common items have no interquartile range: "
            "robust z is undefined (NaN)",
            DegenerateDataWarning,
            stacklevel=3,
        )
        return np.full(values.shape, np.nan)
    return (values - med) / spread


def screen_anchors(
    new: ItemParameters,
    base: ItemParameters,
    method: str = "stocking-lord",
    *,
    common: tuple[str, ...] | None = None,
    z_limit: float = 2.7,
    displacement_limit: float = 0.3,
) -> AnchorDrift:
    """Screen the common items of ``new`` and ``base`` for drift and name the drifted ones."""
    if not (z_limit > 0 and displacement_limit > 0):
        raise ValueError(
            f"z_limit and displacement_limit must be positive, got {z_limit!r}, "
            f"{displacement_limit!r}"
        )
    full = link(new, base, method, common=common)
    names = full.common
    diff = base.select(names).b - new.select(names).b
    z = robust_z(diff)
    shift = base.select(names).b - full.transformed.select(names).b
    flagged = (np.abs(np.nan_to_num(z)) > z_limit) | (np.abs(shift) > displacement_limit)
    drifted = tuple(n for n, f in zip(names, flagged, strict=True) if f)
    kept = tuple(n for n in names if n not in drifted)
    relinked = link(new, base, method, common=kept) if drifted and len(kept) >= 2 else None
    if drifted and relinked is None:
        warnings.warn(
            f"{len(kept)} common item(s) remain once the drifted ones are set aside: "
            "too few to link again, so the linking on all common items stands",
            DegenerateDataWarning,
            stacklevel=2,
        )
    return AnchorDrift(names, diff, z, shift, drifted, z_limit, displacement_limit, full, relinked)
