"""Inter-rater reliability of the ratings: Shrout & Fleiss intraclass correlations and alpha.

Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
reliability. Psychological Bulletin, 86(2), 420-428. McGraw, K. O., & Wong, S. P. (1996).
Forming inferences about some intraclass correlation coefficients. Psychological Methods,
1(1), 30-46.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from hallmark.psychometrics._warnings import DegenerateDataWarning
from hallmark.psychometrics.job_analysis._scales import (
    Scale,
    as_ratings,
    resolve_scale,
    statement_names,
)

__all__ = ["IccResult", "coefficient_alpha", "icc"]


@dataclass(frozen=True)
class IccResult:
    """The six Shrout-Fleiss intraclass correlations of one scale's ratings.

    Statements are the targets (n of them) and respondents the judges (k).

    Attributes:
        n_targets, n_judges: statements, and respondents with a complete row.
        n_dropped: respondents left out for a missing rating.
        bms, wms, jms, ems: the mean squares: between targets (df n - 1), within targets
            (df n(k - 1)), between judges (df k - 1) and residual (df (n - 1)(k - 1)).
        icc1, icc2, icc3: ICC(1,1), ICC(2,1), ICC(3,1), the reliability of one respondent.
        icc1k, icc2k, icc3k: ICC(1,k), ICC(2,k), ICC(3,k), the reliability of the mean of k.
        alpha: coefficient alpha of the respondents as items over the statements (= ICC(3,k)).
        confidence: the level of the intervals.
        icc2_ci, icc2k_ci: McGraw & Wong's (1996, Table 7) F-based interval of ICC(2,1) and
            ICC(2,k) with Satterthwaite's degrees of freedom (as Shrout & Fleiss, eq. 11-13).
        icc1_ci, icc1k_ci, icc3_ci, icc3k_ci: the exact F-based intervals of the other forms
            (Shrout & Fleiss 1979, eq. 4-5 and 14; McGraw & Wong 1996, Table 7, cases 1 and 3).
    """

    n_targets: int
    n_judges: int
    n_dropped: int
    bms: float
    wms: float
    jms: float
    ems: float
    icc1: float
    icc2: float
    icc3: float
    icc1k: float
    icc2k: float
    icc3k: float
    alpha: float
    confidence: float
    icc2_ci: tuple[float, float]
    icc2k_ci: tuple[float, float]
    icc1_ci: tuple[float, float]
    icc1k_ci: tuple[float, float]
    icc3_ci: tuple[float, float]
    icc3k_ci: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_targets": self.n_targets,
            "n_judges": self.n_judges,
            "n_dropped": self.n_dropped,
            "mean_squares": {"bms": self.bms, "wms": self.wms, "jms": self.jms, "ems": self.ems},
            "ICC(1,1)": self.icc1,
            "ICC(2,1)": self.icc2,
            "ICC(3,1)": self.icc3,
            "ICC(1,k)": self.icc1k,
            "ICC(2,k)": self.icc2k,
            "ICC(3,k)": self.icc3k,
            "alpha": self.alpha,
            "confidence": self.confidence,
            "intervals": {
                "ICC(1,1)": list(self.icc1_ci),
                "ICC(2,1)": list(self.icc2_ci),
                "ICC(3,1)": list(self.icc3_ci),
                "ICC(1,k)": list(self.icc1k_ci),
                "ICC(2,k)": list(self.icc2k_ci),
                "ICC(3,k)": list(self.icc3k_ci),
            },
        }


def icc(
    ratings: ArrayLike,
    *,
    scale: str | Scale = "importance",
    statements: list[str] | None = None,
    confidence: float = 0.95,
) -> IccResult:
    """Shrout & Fleiss's six ICCs from the two-way ANOVA of statements by respondents.

    Args:
        ratings: (respondents, statements) on one scale, NaN for "not answered". The ANOVA
            needs a complete table, so only complete cases enter: respondents with no missing
            rating on this scale (the others are counted in ``n_dropped``).
        scale: the scale the ratings are on, for the range check.
        statements: the statements' names, for messages.
        confidence: the level of the intervals.

    With n targets and k judges (Shrout & Fleiss 1979, Table 2):
    ICC(1,1) = (BMS - WMS) / (BMS + (k-1) WMS); ICC(2,1) = (BMS - EMS) / (BMS + (k-1) EMS +
    k (JMS - EMS) / n); ICC(3,1) = (BMS - EMS) / (BMS + (k-1) EMS); ICC(1,k) = (BMS - WMS) / BMS;
    ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n); ICC(3,k) = (BMS - EMS) / BMS.
    Statements all rated alike (BMS = 0) leave the ICCs undefined: NaN and a
    DegenerateDataWarning.
    """
    x, dropped = _icc_iv(ratings, scale, statements, confidence)
    t = x.T  # targets (statements) x judges (respondents)
    n, k = t.shape
    grand = t.mean()
    ss_total = float(((t - grand) ** 2).sum())
    ss_targets = k * float(((t.mean(axis=1) - grand) ** 2).sum())
    ss_judges = n * float(((t.mean(axis=0) - grand) ** 2).sum())
    ss_error = ss_total - ss_targets - ss_judges
    bms = ss_targets / (n - 1)
    wms = (ss_total - ss_targets) / (n * (k - 1))
    jms = ss_judges / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    if bms <= 0:
        warnings.warn(
            "every statement has the same mean rating: the ICCs are undefined",
            DegenerateDataWarning,
            stacklevel=2,
        )
        nan = float("nan")
        return IccResult(
            n, k, dropped, bms, wms, jms, ems, nan, nan, nan, nan, nan, nan, nan,
            confidence, *([(nan, nan)] * 6),
        )  # fmt: skip
    icc2 = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    icc2_ci, icc2k_ci = _icc2_intervals(icc2, bms, jms, ems, n, k, confidence)
    # One-way: F = BMS / WMS on (n - 1, n(k - 1)) df; two-way mixed: BMS / EMS on
    # (n - 1, (n - 1)(k - 1)). Where EMS or WMS is 0 the F is infinite and so is the interval's
    # F, which the formulas carry to 1.
    icc1_ci, icc1k_ci = _f_intervals(bms, wms, n - 1, n * (k - 1), k, confidence)
    icc3_ci, icc3k_ci = _f_intervals(bms, ems, n - 1, (n - 1) * (k - 1), k, confidence)
    return IccResult(
        n_targets=n,
        n_judges=k,
        n_dropped=dropped,
        bms=bms,
        wms=wms,
        jms=jms,
        ems=ems,
        icc1=(bms - wms) / (bms + (k - 1) * wms),
        icc2=icc2,
        icc3=(bms - ems) / (bms + (k - 1) * ems),
        icc1k=(bms - wms) / bms,
        icc2k=(bms - ems) / (bms + (jms - ems) / n),
        icc3k=(bms - ems) / bms,
        alpha=_alpha(t),
        confidence=confidence,
        icc2_ci=icc2_ci,
        icc2k_ci=icc2k_ci,
        icc1_ci=icc1_ci,
        icc1k_ci=icc1k_ci,
        icc3_ci=icc3_ci,
        icc3k_ci=icc3k_ci,
    )


def _f_intervals(
    ms_targets: float, ms_error: float, df1: int, df2: int, k: int, confidence: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The intervals of ICC(1,1) and ICC(1,k), or of ICC(3,1) and ICC(3,k), from F = BMS / MS.

    F_L = F / F(1 - a/2; df1, df2) and F_U = F * F(1 - a/2; df2, df1); the single-rater bounds
    are (F - 1) / (F + k - 1) and the average's 1 - 1 / F (Shrout & Fleiss 1979, eq. 4-5, 14).
    """
    tail = (1 + confidence) / 2
    f = ms_targets / ms_error if ms_error > 0 else np.inf
    f_low = f / float(sps.f.ppf(tail, df1, df2))
    f_high = f * float(sps.f.ppf(tail, df2, df1))

    def single(x: float) -> float:
        return 1.0 if np.isinf(x) else (x - 1) / (x + k - 1)

    def average(x: float) -> float:
        return 1 - 1 / x

    return (single(f_low), single(f_high)), (average(f_low), average(f_high))


def _icc2_intervals(
    icc2: float, bms: float, jms: float, ems: float, n: int, k: int, confidence: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """McGraw & Wong (1996) Table 7, case 2A; Shrout & Fleiss's (1979) eq. 11-13 for ICC(2,1).

    The F distribution's denominator df is Satterthwaite's approximation v; the interval of
    ICC(2,k) follows from that of ICC(2,1) by the Spearman-Brown formula.
    """
    if not ems > 0 or icc2 >= 1:
        # Ratings that differ only by a respondent's shift leave no residual: the
        # Satterthwaite df is undefined, so the interval is not given.
        nan = (float("nan"), float("nan"))
        return nan, nan
    fj = jms / ems
    a = k * icc2 / (n * (1 - icc2))
    b = 1 + k * icc2 * (n - 1) / (n * (1 - icc2))
    v = (a * fj + b) ** 2 / ((a * fj) ** 2 / (k - 1) + b**2 / ((n - 1) * (k - 1)))
    tail = (1 + confidence) / 2
    f_star = float(sps.f.ppf(tail, n - 1, v))
    f_star2 = float(sps.f.ppf(tail, v, n - 1))
    low = n * (bms - f_star * ems) / (f_star * (k * jms + (k * n - k - n) * ems) + n * bms)
    high = n * (f_star2 * bms - ems) / (k * jms + (k * n - k - n) * ems + n * f_star2 * bms)

    def spearman_brown(r: float) -> float:
        return k * r / (1 + (k - 1) * r)

    return (low, high), (spearman_brown(low), spearman_brown(high))


def coefficient_alpha(
    ratings: ArrayLike, *, scale: str | Scale = "importance", statements: list[str] | None = None
) -> float:
    """Coefficient alpha of the respondents as items, over the statements, complete cases.

    alpha = k / (k - 1) (1 - sum of the respondents' variances / variance of the statements'
    rating totals) (Cronbach 1951): how consistently the respondents order the statements, i.e.
    the reliability of the statements' mean ratings. It equals ICC(3,k) (Shrout & Fleiss 1979).
    """
    x, _ = _icc_iv(ratings, scale, statements, 0.95)
    return _alpha(x.T)


def _alpha(t: np.ndarray) -> float:
    k = t.shape[1]
    total_var = float(t.sum(axis=1).var(ddof=1))
    if total_var == 0:
        warnings.warn(
            "the statements' rating totals do not vary: alpha is undefined",
            DegenerateDataWarning,
            stacklevel=3,
        )
        return float("nan")
    return k / (k - 1) * (1 - float(t.var(axis=0, ddof=1).sum()) / total_var)


def _icc_iv(
    ratings: ArrayLike, scale: str | Scale, statements: list[str] | None, confidence: float
) -> tuple[np.ndarray, int]:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    raw = np.asarray(ratings, dtype=np.float64)
    names = statement_names(statements, raw.shape[1]) if raw.ndim == 2 else []
    x = as_ratings(raw, resolve_scale(scale), names)
    complete = ~np.isnan(x).any(axis=1)
    if complete.sum() < 2:
        raise ValueError(
            f"ratings have {int(complete.sum())} respondents with every statement rated: "
            "the ICCs need at least 2"
        )
    if x.shape[1] < 2:
        raise ValueError("ratings have 1 statement: the ICCs need at least 2")
    return x[complete], int((~complete).sum())
