"""The results app's models: reporting scales, cut scores, scoring runs, results and studies."""

from hallmark.results.models.equating import Equating
from hallmark.results.models.fairness import DifDecision, DifPolicy, DifReview
from hallmark.results.models.scoring import (
    CutScoreDecision,
    KeyOverride,
    ReportingScale,
    Result,
    ResultCorrection,
    ScoreVerificationRequest,
    ScoringRun,
    VendorImport,
    VendorRecord,
)
from hallmark.results.models.standard_setting import (
    HofsteeJudgement,
    Panelist,
    Rating,
    Round,
    Study,
)

__all__ = [
    "CutScoreDecision",
    "DifDecision",
    "DifPolicy",
    "DifReview",
    "Equating",
    "HofsteeJudgement",
    "KeyOverride",
    "Panelist",
    "Rating",
    "ReportingScale",
    "Result",
    "ResultCorrection",
    "Round",
    "ScoreVerificationRequest",
    "ScoringRun",
    "Study",
    "VendorImport",
    "VendorRecord",
]
