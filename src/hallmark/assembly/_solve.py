"""Solve the assembly MILP with scipy.optimize.milp (HiGHS) and read the forms back."""

import math
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy
from scipy.optimize import Bounds, LinearConstraint, milp

from ._bank import OPERATIONAL, BankError, ItemBank
from ._diagnose import check_counts, relaxation_explanations
from ._model import Model, build_model
from ._pool import eligibility
from ._report import check_forms, form_curves
from ._result import (
    AssemblyResult,
    ExcludedSetWarning,
    Explanation,
    Form,
    UnknownCategoryWarning,
)
from ._spec import AssemblySpec, Classical, Maximin, Parallel, check_spec

SOLVER = "HiGHS"
MAX_SEED = 2**31 - 1


def solver_version() -> str:
    """HiGHS version as bundled with scipy (its module is private, hence the fallback)."""
    try:
        from scipy.optimize._highspy import _core

        highs = (
            f"{_core.HIGHS_VERSION_MAJOR}.{_core.HIGHS_VERSION_MINOR}.{_core.HIGHS_VERSION_PATCH}"
        )
    except (ImportError, AttributeError):
        highs = "unknown"
    return f"{highs} (scipy {scipy.__version__})"


@dataclass(frozen=True)
class _Run:
    status: str
    success: bool
    milp_status: int | None
    message: str
    x: np.ndarray | None
    fun: float | None
    mip_gap: float | None
    dual_bound: float | None
    seconds: float


def _status_word(milp_status: int, has_x: bool) -> str:
    if milp_status == 0:
        return "optimal"
    if milp_status == 2:
        return "infeasible"
    if milp_status == 1:
        return "time limit" if has_x else "no solution"
    return "stopped" if has_x else "error"


def solve_model(
    model: Model,
    time_limit: float,
    seed: int = 0,
    mip_rel_gap: float = 1e-4,
    options: Mapping[str, Any] | None = None,
) -> _Run:
    """One milp call. The seed goes to HiGHS's `random_seed`, which scipy passes on verbatim."""
    opts: dict[str, Any] = {
        # presolve removes little from these models and its probing of the many 0-1 columns
        # costs more than the whole root LP (measured: 48 s against 5 s on 1,800 items)
        "presolve": False,
        "time_limit": float(time_limit),
        "mip_rel_gap": float(mip_rel_gap),
        "random_seed": int(seed),
    }
    opts.update(options or {})
    start = time.perf_counter()
    with warnings.catch_warnings():
        # scipy warns that options it does not list (random_seed) go to HiGHS verbatim
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
        res = milp(
            model.c,
            integrality=model.integrality,
            bounds=Bounds(model.lower, model.upper),
            constraints=LinearConstraint(model.A, model.row_lower, model.row_upper),
            options=opts,
        )
    seconds = time.perf_counter() - start
    x = None if res.x is None else np.asarray(res.x, dtype=float)
    gap = res.get("mip_gap")
    bound = res.get("mip_dual_bound")
    return _Run(
        status=_status_word(int(res.status), x is not None),
        success=bool(res.success),
        milp_status=int(res.status),
        message=str(res.message),
        x=x,
        fun=None if res.fun is None else float(res.fun),
        mip_gap=None if gap is None else float(gap),
        dual_bound=None if bound is None or not math.isfinite(bound) else float(bound),
        seconds=seconds,
    )


def assemble_forms(
    bank: ItemBank,
    spec: AssemblySpec,
    n_forms: int,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    mip_rel_gap: float = 0.005,
    pool_factor: float | None = 3.0,
    explain: bool = True,
    explain_time_limit: float = 10.0,
    options: Mapping[str, Any] | None = None,
) -> AssemblyResult:
    """Assemble `n_forms` parallel forms at once as one mixed-integer program.

    Parameters
    ----------
    bank, spec : the item bank and what every form must meet.
    n_forms : number of forms.
    time_limit : seconds for the solver; after it the best forms found are returned with their
        MIP gap (status "time limit").
    seed : HiGHS `random_seed`. HiGHS is deterministic for a fixed model, seed and thread
        count when it stops on the gap; a stop on the time limit depends on machine speed.
    mip_rel_gap : stop once the forms are proven within this relative gap of the optimum.
    pool_factor : on large banks, offer the solver only the most useful items (see
        `candidate_pool`); None offers every usable item. If the reduced pool has no solution,
        the whole bank is tried in the time left.
    explain : when no forms exist, explain why (counting checks, then relaxing one constraint
        group at a time for up to `explain_time_limit` seconds each).
    options : further HiGHS options, passed verbatim.
    """
    _assemble_iv(bank, spec, n_forms, time_limit, seed, mip_rel_gap, pool_factor)
    start = time.perf_counter()
    elig = eligibility(bank, spec)
    counted = check_counts(bank, spec, n_forms, elig)
    if counted:
        return _without_forms(bank, spec, "infeasible", None, counted, start, seed, 0)
    model = build_model(bank, spec, n_forms, elig, pool_factor=pool_factor)
    for sid in model.excluded_sets:
        warnings.warn(
            f"item set '{sid}' is left out: one of its items cannot be used",
            ExcludedSetWarning,
            stacklevel=2,
        )
    run = solve_model(model, time_limit, seed, mip_rel_gap, options)
    if model.pruned and run.x is None:
        left = time_limit - (time.perf_counter() - start)
        if left > 0.5:
            model = build_model(bank, spec, n_forms, elig)
            run = solve_model(model, left, seed, mip_rel_gap, options)
    if run.x is None:
        explanations: tuple[Explanation, ...] = ()
        if run.status == "infeasible" and explain:
            explanations = relaxation_explanations(
                bank,
                spec,
                n_forms,
                lambda m, t: _status_and_x(solve_model(m, t, seed, 1e-4, options)),
                explain_time_limit,
            )
        elif run.status == "no solution":
            explanations = (
                Explanation(
                    "time limit", f"no forms were found within the time limit of {time_limit:g} s"
                ),
            )
        pool = int(model.units.members[model.unit_ids].nnz)
        return _without_forms(bank, spec, run.status, run, explanations, start, seed, pool)
    return _with_forms(bank, spec, model, run, start, seed)


def _status_and_x(run: _Run) -> tuple[str, np.ndarray | None]:
    return run.status, run.x


def _objective_value(spec: AssemblySpec, model: Model, run: _Run) -> float | None:
    assert run.x is not None
    if isinstance(spec.objective, Classical):
        return None if run.fun is None else -run.fun
    if isinstance(spec.objective, Maximin):
        return float(run.x[model.objective_cols["y"]])
    weight = spec.objective.tcc_weight
    tif = run.x[model.objective_cols["tif"]] if "tif" in model.objective_cols else 0.0
    tcc = run.x[model.objective_cols["tcc"]] if "tcc" in model.objective_cols else 0.0
    return float(tif + weight * tcc)


def _bound(spec: AssemblySpec, run: _Run) -> float | None:
    """The solver's dual bound in the objective's own sense (maximised objectives are
    minimised negated)."""
    if run.dual_bound is None:
        return None
    return run.dual_bound if isinstance(spec.objective, Parallel) else -run.dual_bound


def _forms(bank: ItemBank, model: Model, x: np.ndarray) -> tuple[Form, ...]:
    scored_item = model.units.scored_item
    forms = []
    for number, units in enumerate(model.chosen_units(x), start=1):
        items = np.sort(np.concatenate([model.units.items_of(int(u)) for u in units]))
        scored = tuple(bank.item[items[scored_item[items]]].tolist())
        pretest = tuple(bank.item[items[~scored_item[items]]].tolist())
        forms.append(Form(number=number, scored=scored, pretest=pretest))
    return tuple(forms)


def _with_forms(
    bank: ItemBank, spec: AssemblySpec, model: Model, run: _Run, start: float, seed: int
) -> AssemblyResult:
    assert run.x is not None
    forms = _forms(bank, model, run.x)
    theta = spec.theta
    curves = form_curves(bank, forms, theta, spec.scaling) if theta else None
    return AssemblyResult(
        forms=forms,
        status=run.status,
        success=run.success,
        milp_status=run.milp_status,
        message=run.message,
        objective_kind=_kind(spec),
        objective=_objective_value(spec, model, run),
        mip_gap=run.mip_gap,
        bound=_bound(spec, run),
        solve_seconds=time.perf_counter() - start,
        seed=seed,
        solver=SOLVER,
        solver_version=solver_version(),
        report=check_forms(bank, spec, forms),
        curves=curves,
        pool_items=int(model.units.members[model.unit_ids].nnz),
        bank_items=len(bank),
        excluded_sets=tuple(model.excluded_sets),
    )


def _without_forms(
    bank: ItemBank,
    spec: AssemblySpec,
    status: str,
    run: _Run | None,
    explanations: tuple[Explanation, ...],
    start: float,
    seed: int,
    pool: int,
) -> AssemblyResult:
    return AssemblyResult(
        forms=(),
        status=status,
        success=False,
        milp_status=None if run is None else run.milp_status,
        message="counting checks show the forms cannot exist" if run is None else run.message,
        objective_kind=_kind(spec),
        objective=None,
        mip_gap=None,
        bound=None,
        solve_seconds=time.perf_counter() - start,
        seed=seed,
        solver=SOLVER,
        solver_version=solver_version(),
        explanations=explanations,
        pool_items=pool,
        bank_items=len(bank),
    )


def _kind(spec: AssemblySpec) -> str:
    objective = spec.objective
    if isinstance(objective, Maximin):
        return "maximin"
    return "parallel" if isinstance(objective, Parallel) else "classical"


def _assemble_iv(
    bank: ItemBank,
    spec: AssemblySpec,
    n_forms: int,
    time_limit: float,
    seed: int,
    mip_rel_gap: float,
    pool_factor: float | None,
) -> None:
    if not isinstance(bank, ItemBank):
        raise TypeError("`bank` must be an ItemBank (see ItemBank.from_columns or read_bank)")
    if isinstance(n_forms, bool) or not isinstance(n_forms, int) or n_forms < 1:
        raise ValueError(f"`n_forms` must be a whole number >= 1, got {n_forms!r}")
    if not (isinstance(time_limit, int | float) and math.isfinite(time_limit) and time_limit > 0):
        raise ValueError(f"`time_limit` must be a positive number of seconds, got {time_limit!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"`seed` must be a whole number in [0, {MAX_SEED}], got {seed!r}")
    if not (isinstance(mip_rel_gap, int | float) and 0 <= mip_rel_gap < 1):
        raise ValueError(f"`mip_rel_gap` must be in [0, 1), got {mip_rel_gap!r}")
    if pool_factor is not None and not (isinstance(pool_factor, int | float) and pool_factor >= 1):
        raise ValueError(f"`pool_factor` must be None or a number >= 1, got {pool_factor!r}")
    check_spec(spec)
    _bank_against_spec(bank, spec)


def _bank_against_spec(bank: ItemBank, spec: AssemblySpec) -> None:
    """Data the spec relies on must be in the bank; names it does not know draw a warning."""
    objective = spec.objective
    if isinstance(objective, Parallel) and objective.reference_form is not None:
        idx = bank.positions(objective.reference_form, "reference_form item")
        for i in idx:
            if not bank.has_irt[i]:
                raise ValueError(
                    f"reference_form item '{bank.item[i]}' has no IRT parameters (a, b)"
                )
    if spec.reading_seconds is not None:
        elig = eligibility(bank, spec)
        missing = np.flatnonzero((elig.role != 0) & np.isnan(bank.reading_seconds))
        if missing.size:
            raise BankError(
                "value is missing, and the spec sets a reading time budget",
                column="reading_seconds",
                row=int(missing[0]),
            )
    operational = bank.status == OPERATIONAL
    if not isinstance(objective, Classical) and not np.any((bank.has_irt > 0) & operational):
        raise ValueError(
            f"the {_kind(spec)} objective needs IRT parameters (a, b) and no operational item "
            "has them; use the classical objective"
        )
    for field_name, names, column in (
        ("domains", spec.domains, bank.domain),
        ("competencies", spec.competencies, bank.competency),
        ("cognitive_levels", spec.cognitive_levels, bank.cognitive_level),
        ("item_formats", spec.item_formats, bank.item_format),
    ):
        known = set(column.tolist())
        for name in names:
            if name not in known:
                warnings.warn(
                    f"spec field '{field_name}.{name}': no item in the bank has it",
                    UnknownCategoryWarning,
                    stacklevel=3,
                )
