"""Item response theory for dichotomous items (pure numpy/scipy).

Calibration by marginal maximum likelihood (Bock-Aitkin EM) for the Rasch, 1PL, 2PL and 3PL
models, fixed-parameter calibration against a bank, linking (moment methods, Haebara,
Stocking-Lord; bootstrap standard errors; anchor-drift screening), ability estimation (EAP,
MAP, MLE, WLE), person fit lz, test information, conditional SEM and characteristic curves,
and item fit (S-X2, infit/outfit).
Parameters use the slope-intercept form P = c + (1 - c) / (1 + exp(-D (a theta + d))),
b = -d / a, with D = 1 unless asked for 1.702.
"""

from hallmark.psychometrics.irt._ability import (
    AbilityEstimates,
    ScoreConversion,
    SumScoreTable,
    estimate_ability,
    expected_score,
    sum_score_table,
    test_information,
    theta_for_score,
)
from hallmark.psychometrics.irt._calibrate import (
    MODELS,
    Calibration,
    ItemEstimate,
    calibrate,
    default_prior,
)
from hallmark.psychometrics.irt._conversion import (
    CONVERSION_METHODS,
    ConversionTable,
    conditional_sem,
    conversion_table,
)
from hallmark.psychometrics.irt._drift import AnchorDrift, screen_anchors
from hallmark.psychometrics.irt._em import ItemPriors
from hallmark.psychometrics.irt._fit import ItemFit, item_fit
from hallmark.psychometrics.irt._linking import LINKING_METHODS, Linking, link
from hallmark.psychometrics.irt._linking import transform as transform_parameters
from hallmark.psychometrics.irt._models import ItemParameters, item_information, item_probability
from hallmark.psychometrics.irt._params import (
    PARAMS_COLUMNS,
    ParameterErrors,
    read_param_errors,
    read_params,
    write_params,
)
from hallmark.psychometrics.irt._personfit import PersonFit, person_fit
from hallmark.psychometrics.irt._quadrature import Quadrature

__all__ = [
    "CONVERSION_METHODS",
    "LINKING_METHODS",
    "MODELS",
    "PARAMS_COLUMNS",
    "AbilityEstimates",
    "AnchorDrift",
    "Calibration",
    "ConversionTable",
    "ItemEstimate",
    "ItemFit",
    "ItemParameters",
    "ItemPriors",
    "Linking",
    "ParameterErrors",
    "PersonFit",
    "Quadrature",
    "ScoreConversion",
    "SumScoreTable",
    "calibrate",
    "conditional_sem",
    "conversion_table",
    "default_prior",
    "estimate_ability",
    "expected_score",
    "item_fit",
    "item_information",
    "item_probability",
    "link",
    "person_fit",
    "read_param_errors",
    "read_params",
    "screen_anchors",
    "sum_score_table",
    "test_information",
    "theta_for_score",
    "transform_parameters",
    "write_params",
]
