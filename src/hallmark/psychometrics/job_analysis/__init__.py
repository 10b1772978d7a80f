"""Statistics of a job (practice) analysis survey: from ratings to the outline's weights.

Per-statement descriptive statistics and inclusion, subgroup agreement and inter-rater
reliability (Shrout & Fleiss ICCs, coefficient alpha).
"""

from hallmark.psychometrics.job_analysis._agreement import IccResult, coefficient_alpha, icc
from hallmark.psychometrics.job_analysis._inclusion import Inclusion, InclusionCriteria, inclusion
from hallmark.psychometrics.job_analysis._scales import (
    CRITICALITY,
    FREQUENCY,
    IMPORTANCE,
    NEEDED_AT_ENTRY,
    SCALES,
    Scale,
)
from hallmark.psychometrics.job_analysis._statistics import (
    ScaleStatistics,
    StatementStatistics,
    SurveyStatistics,
    statement_statistics,
)
from hallmark.psychometrics.job_analysis._subgroups import (
    MIN_SUBGROUP,
    SubgroupComparison,
    SubgroupMean,
    subgroup_agreement,
)

__all__ = [
    "CRITICALITY",
    "FREQUENCY",
    "IMPORTANCE",
    "MIN_SUBGROUP",
    "NEEDED_AT_ENTRY",
    "SCALES",
    "IccResult",
    "Inclusion",
    "InclusionCriteria",
    "Scale",
    "ScaleStatistics",
    "StatementStatistics",
    "SubgroupComparison",
    "SubgroupMean",
    "SurveyStatistics",
    "coefficient_alpha",
    "icc",
    "inclusion",
    "statement_statistics",
    "subgroup_agreement",
]
