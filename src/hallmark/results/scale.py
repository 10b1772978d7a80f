"""Raw scores onto the program's reporting scale: two straight lines that meet at the cut.

Raw 0 maps to the scale's minimum, the raw cut to the passing score, all right to the maximum;
so a candidate at the cut of any form scores exactly the passing score. Scaled scores are
rounded half up to whole numbers, and a raw score below the cut is never reported at or
above the passing score (rounding cannot turn a fail into a pass).
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    minimum: int
    passing: int
    maximum: int

    def scaled(self, raw: float, raw_cut: float, max_raw: int) -> int:
        if not 0 < raw_cut <= max_raw:
            raise ValueError(f"the raw cut {raw_cut} must lie in (0, {max_raw}]")
        if raw < raw_cut:
            value = self.minimum + (self.passing - self.minimum) * raw / raw_cut
            return min(math.floor(value + 0.5), self.passing - 1)
        if max_raw == raw_cut:
            return self.passing
        value = self.passing + (self.maximum - self.passing) * (raw - raw_cut) / (max_raw - raw_cut)
        return math.floor(value + 0.5)


@dataclass(frozen=True)
class Conversion:
    """A form's raw scores carried to its base form's raw scale by an approved equating.

    The form's scaled score is the base form's line at the equivalent, so one scaled cut (the
    passing score) holds on every form; its raw cut is the least raw score whose equivalent
    reaches the base form's whole raw cut, so pass/fail and the scaled score never disagree.
    """

    equated: tuple[float, ...]  # the equivalent of each raw score 0 .. max
    base_raw_cut: int
    base_max_raw: int
    how: str = "by equating"

    def to_base(self, raw: int) -> float:
        return min(max(self.equated[raw], 0.0), float(self.base_max_raw))

    @property
    def raw_cut(self) -> int | None:
        """The least raw score at or above the base form's cut once equated (None: none is)."""
        return next(
            (raw for raw in range(len(self.equated)) if self.to_base(raw) >= self.base_raw_cut),
            None,
        )

    def scaled(self, scale: Scale, raw: int) -> int:
        return scale.scaled(self.to_base(raw), self.base_raw_cut, self.base_max_raw)
