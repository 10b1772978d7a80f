"""Automated assembly of parallel exam forms as one mixed-integer program (scipy's HiGHS).

`assemble_forms(bank, spec, n_forms)` builds every form at once so that each meets the
blueprint, the security rules and the statistical targets; `check_forms` and `form_curves`
re-check forms (for instance after a reviewer swaps an item); `check_counts` and
`distinct_items_needed` give the counting arguments behind infeasibility explanations.
"""

from ._bank import OPERATIONAL, PRETEST, BankError, ItemBank, read_bank
from ._diagnose import check_counts, distinct_items_needed
from ._pool import candidate_pool
from ._report import check_forms, form_curves, format_summary
from ._result import (
    AssemblyResult,
    AssemblyWarning,
    ConstraintCheck,
    ExcludedSetWarning,
    Explanation,
    Form,
    FormCurves,
    UnknownCategoryWarning,
)
from ._solve import assemble_forms, solver_version
from ._spec import (
    AssemblySpec,
    Classical,
    Exposure,
    Maximin,
    Objective,
    Overlap,
    Parallel,
    Range,
    SpecError,
    check_spec,
    read_spec,
    spec_from_dict,
)

__all__ = [
    "OPERATIONAL",
    "PRETEST",
    "AssemblyResult",
    "AssemblySpec",
    "AssemblyWarning",
    "BankError",
    "Classical",
    "ConstraintCheck",
    "ExcludedSetWarning",
    "Explanation",
    "Exposure",
    "Form",
    "FormCurves",
    "ItemBank",
    "Maximin",
    "Objective",
    "Overlap",
    "Parallel",
    "Range",
    "SpecError",
    "UnknownCategoryWarning",
    "assemble_forms",
    "candidate_pool",
    "check_counts",
    "check_forms",
    "check_spec",
    "distinct_items_needed",
    "form_curves",
    "format_summary",
    "read_bank",
    "read_spec",
    "solver_version",
    "spec_from_dict",
]
