"""Statistics of a job (practice) analysis survey: from ratings to the outline's weights.

Per-statement descriptive statistics and inclusion, subgroup agreement, inter-rater
reliability (Shrout & Fleiss ICCs, coefficient alpha), the sample against its plan, and domain
weights apportioned to an exam length; see docs/job-analysis.md.
"""

from hallmark.psychometrics.job_analysis._agreement import IccResult, coefficient_alpha, icc
from hallmark.psychometrics.job_analysis._inclusion import Inclusion, InclusionCriteria, inclusion
from hallmark.psychometrics.job_analysis._sample import (
    CellShare,
    Representativeness,
    representativeness,
)
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
from hallmark.psychometrics.job_analysis._weights import (
    WEIGHT_FORMULAS,
    Weights,
    weights,
)

__all__ = [
    "CRITICALITY",
    "FREQUENCY",
    "IMPORTANCE",
    "MIN_SUBGROUP",
    "NEEDED_AT_ENTRY",
    "SCALES",
    "WEIGHT_FORMULAS",
    "CellShare",
    "IccResult",
    "Inclusion",
    "InclusionCriteria",
    "Representativeness",
    "Scale",
    "ScaleStatistics",
    "StatementStatistics",
    "SubgroupComparison",
    "SubgroupMean",
    "SurveyStatistics",
    "Weights",
    "coefficient_alpha",
    "icc",
    "inclusion",
    "representativeness",
    "statement_statistics",
    "subgroup_agreement",
    "weights",
]
