"""Psychometrics: scoring, classical test theory and the file readers (pure numpy/scipy).

The IRT part lives in `hallmark.psychometrics.irt` and is imported from there; so is equating,
from `hallmark.psychometrics.equating` (both need scipy, which this package imports only when used).
DIF (`hallmark.psychometrics.dif`) and decision consistency (`hallmark.psychometrics.consistency`)
import scipy only inside their functions, so their entry points are exported here too.
"""

from hallmark.psychometrics._bookmark import (
    BOOKMARK_CONVENTIONS,
    BookmarkResult,
    BookmarkRound,
    OrderedItemBooklet,
    bookmark,
    ordered_item_booklet,
    tcc_score,
)
from hallmark.psychometrics._borderline import BorderlineGroupResult, borderline_group
from hallmark.psychometrics._contrasting import (
    CONTRASTING_METHODS,
    ContrastingGroupsResult,
    Misclassification,
    contrasting_groups,
    misclassification_table,
)
from hallmark.psychometrics._ctt import (
    Flag,
    FlagRules,
    ItemAnalysis,
    ItemStats,
    OptionStats,
    item_analysis,
)
from hallmark.psychometrics._local_dependence import (
    Q3_CRITICAL,
    LocalDependence,
    local_dependence,
    q3,
    rest_score_expected,
)
from hallmark.psychometrics._reliability import (
    DomainReliability,
    Reliability,
    csem_lord,
    domain_reliability,
    reliability,
)
from hallmark.psychometrics._scoring import (
    NOT_REACHED,
    NOT_REACHED_CODE,
    OMITTED,
    RESPONSE_SET_SEPARATOR,
    Credit,
    EncodedResponses,
    ScoringResult,
    encode_options,
    response_set_credit,
    score_responses,
    scores_to_result,
)
from hallmark.psychometrics._standard_setting import (
    AngoffResult,
    HofsteeResult,
    angoff,
    hofstee,
    pass_rate,
    raw_cut_from,
)
from hallmark.psychometrics._warnings import (
    ConvergenceWarning,
    DegenerateDataWarning,
    PsychometricsWarning,
    SmallGroupWarning,
)
from hallmark.psychometrics.consistency import (
    ConsistencyResult,
    hanson_brennan,
    livingston_lewis,
    rudner,
    subkoviak,
)
from hallmark.psychometrics.dif import DifResult, dif_analysis
from hallmark.psychometrics.io import (
    EncodedTable,
    InputFileError,
    ResponseTable,
    ScoredTable,
    read_domains,
    read_encoded,
    read_key,
    read_responses,
    read_scored,
)

__all__ = [
    "BOOKMARK_CONVENTIONS",
    "CONTRASTING_METHODS",
    "NOT_REACHED",
    "NOT_REACHED_CODE",
    "OMITTED",
    "Q3_CRITICAL",
    "RESPONSE_SET_SEPARATOR",
    "AngoffResult",
    "BookmarkResult",
    "BookmarkRound",
    "BorderlineGroupResult",
    "ConsistencyResult",
    "ContrastingGroupsResult",
    "ConvergenceWarning",
    "Credit",
    "DegenerateDataWarning",
    "DifResult",
    "DomainReliability",
    "EncodedResponses",
    "EncodedTable",
    "Flag",
    "FlagRules",
    "HofsteeResult",
    "InputFileError",
    "ItemAnalysis",
    "ItemStats",
    "LocalDependence",
    "Misclassification",
    "OptionStats",
    "OrderedItemBooklet",
    "PsychometricsWarning",
    "Reliability",
    "ResponseTable",
    "ScoredTable",
    "ScoringResult",
    "SmallGroupWarning",
    "angoff",
    "bookmark",
    "borderline_group",
    "contrasting_groups",
    "csem_lord",
    "dif_analysis",
    "domain_reliability",
    "encode_options",
    "hanson_brennan",
    "hofstee",
    "item_analysis",
    "livingston_lewis",
    "local_dependence",
    "misclassification_table",
    "ordered_item_booklet",
    "pass_rate",
    "q3",
    "raw_cut_from",
    "read_domains",
    "read_encoded",
    "read_key",
    "read_responses",
    "read_scored",
    "reliability",
    "response_set_credit",
    "rest_score_expected",
    "rudner",
    "score_responses",
    "scores_to_result",
    "subkoviak",
    "tcc_score",
]
