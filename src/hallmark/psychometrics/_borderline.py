"""The borderline group, an examinee-centred standard (Zieky, Perie & Livingston 2008).

Judges who know the candidates' work call some of them borderline (just at the standard); the
cut is the median score of those candidates, or their mean. The median is the usual choice: one
stray judgement moves it little.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from hallmark.psychometrics._contrasting import raw_scores
from hallmark.psychometrics._standard_setting import raw_cut_from
from hallmark.psychometrics._warnings import DegenerateDataWarning

__all__ = ["BorderlineGroupResult", "borderline_group"]


@dataclass(frozen=True)
class BorderlineGroupResult:
    """The borderline-group cut.

    Attributes:
        statistic: "median" (the usual choice, robust to a stray judgement) or "mean".
        cut: that statistic of the borderline candidates' scores.
        median, mean: both statistics.
        sd: the scores' standard deviation (divides by n - 1).
        se: the standard error of the mean, sd / sqrt(n).
        n: the number of candidates judged borderline.
    """

    statistic: str
    cut: float
    median: float
    mean: float
    sd: float
    se: float
    n: int

    @property
    def raw_cut(self) -> int:
        return raw_cut_from(self.cut)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "raw_cut": self.raw_cut}


def borderline_group(scores: ArrayLike, statistic: str = "median") -> BorderlineGroupResult:
    """The cut from the raw scores of the candidates judged borderline."""
    if statistic not in ("median", "mean"):
        raise ValueError(f"statistic must be median or mean; got {statistic!r}")
    s = raw_scores("borderline", scores)
    if s.size < 1:
        raise ValueError("borderline: no candidates judged borderline")
    if s.size < 2:
        warnings.warn(
            "one borderline candidate: the spread and standard error are undefined",
            DegenerateDataWarning,
            stacklevel=2,
        )
        sd = math.nan
    else:
        sd = float(np.std(s, ddof=1))
    median, mean = float(np.median(s)), float(np.mean(s))
    return BorderlineGroupResult(
        statistic=statistic,
        cut=median if statistic == "median" else mean,
        median=median,
        mean=mean,
        sd=sd,
        se=sd / math.sqrt(s.size),
        n=int(s.size),
    )
