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
