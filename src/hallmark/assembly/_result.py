"""What assembly returns: forms, a constraint report, curves, solver facts, explanations."""

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._bank import FloatArray


class AssemblyWarning(UserWarning):
    """Base class of the warnings this package emits."""


class ExcludedSetWarning(AssemblyWarning):
    """An item set was left out whole because one of its items cannot be used."""


class UnknownCategoryWarning(AssemblyWarning):
    """The spec names a domain, competency, cognitive level or item format no bank item carries."""


@dataclass(frozen=True)
class Form:
    """One assembled form: item ids of its scored and its pretest positions, in bank order."""

    number: int
    scored: tuple[str, ...]
    pretest: tuple[str, ...] = ()

    @property
    def items(self) -> tuple[str, ...]:
        return self.scored + self.pretest


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


@dataclass(frozen=True)
class ConstraintCheck:
    """One constraint on one form (or one pair of forms): what was required, what was achieved."""

    name: str
    forms: tuple[int, ...]
    minimum: float | None
    maximum: float | None
    achieved: float
    ok: bool

    @property
    def required(self) -> str:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"= {_fmt(low)}" if low == high else f"{_fmt(low)}..{_fmt(high)}"
        if low is not None:
            return f">= {_fmt(low)}"
        return "any" if high is None else f"<= {_fmt(high)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "forms": list(self.forms),
            "required": self.required,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "achieved": self.achieved,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class Explanation:
    """Why no forms exist: the constraint group at fault and, where known, by how much."""

    group: str
    message: str
    needed: float | None = None
    available: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "message": self.message,
            "needed": self.needed,
            "available": self.available,
        }


@dataclass(frozen=True)
class FormCurves:
    """Test information (TIF) and test characteristic (TCC) values of each form (rows) at theta
    (columns), over the scored items."""

    theta: FloatArray
    tif: FloatArray
    tcc: FloatArray

    def tif_spread(self) -> FloatArray:
        """Largest minus smallest TIF across forms, at each theta."""
        return np.asarray(self.tif.max(axis=0) - self.tif.min(axis=0), dtype=float)

    def tcc_spread(self) -> FloatArray:
        """Largest minus smallest TCC (expected raw score) across forms, at each theta."""
        return np.asarray(self.tcc.max(axis=0) - self.tcc.min(axis=0), dtype=float)

    def to_dict(self) -> dict[str, Any]:
        return {"theta": self.theta.tolist(), "tif": self.tif.tolist(), "tcc": self.tcc.tolist()}


@dataclass(frozen=True)
class AssemblyResult:
    """The outcome of `assemble_forms`.

    `status` is one of "optimal", "time limit" (feasible, stopped at the time limit with
    `mip_gap`), "stopped" (feasible, stopped by a solver option), "infeasible",
    "no solution" (none found within the time limit) or "error". `success`, `milp_status` and
    `message` are scipy.optimize.milp's own. `objective` is y for maximin (the information
    reached, as a multiple of the targets), the summed largest relative TIF and weighted TCC
    deviations for parallel, and the summed point-biserial of all forms for classical.
    `bound` is the solver's proven bound on that objective (for the pool it was offered);
    near an objective of 0 (parallel) the relative `mip_gap` says little and the difference
    between `objective` and `bound` says more.
    """

    forms: tuple[Form, ...]
    status: str
    success: bool
    milp_status: int | None
    message: str
    objective_kind: str
    objective: float | None
    mip_gap: float | None
    bound: float | None
    solve_seconds: float
    seed: int
    solver: str
    solver_version: str
    report: tuple[ConstraintCheck, ...] = ()
    curves: FormCurves | None = None
    explanations: tuple[Explanation, ...] = ()
    pool_items: int = 0
    bank_items: int = 0
    excluded_sets: tuple[str, ...] = field(default=())

    @property
    def feasible(self) -> bool:
        return len(self.forms) > 0

    @property
    def all_ok(self) -> bool:
        return self.feasible and all(check.ok for check in self.report)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the FORMS.json the `hallmark assemble` verb writes)."""
        gap = self.mip_gap
        return {
            "status": self.status,
            "success": self.success,
            "milp_status": self.milp_status,
            "message": self.message,
            "objective": {"kind": self.objective_kind, "value": self.objective},
            "mip_gap": None if gap is None or not math.isfinite(gap) else gap,
            "bound": self.bound,
            "solve_seconds": round(self.solve_seconds, 3),
            "seed": self.seed,
            "solver": {"name": self.solver, "version": self.solver_version},
            "pool_items": self.pool_items,
            "bank_items": self.bank_items,
            "excluded_sets": list(self.excluded_sets),
            "forms": [
                {"form": f.number, "scored": list(f.scored), "pretest": list(f.pretest)}
                for f in self.forms
            ],
            "report": [check.to_dict() for check in self.report],
            "curves": None if self.curves is None else self.curves.to_dict(),
            "explanations": [e.to_dict() for e in self.explanations],
        }
