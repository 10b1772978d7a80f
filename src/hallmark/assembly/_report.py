"""Constraint report and TIF/TCC tables of given forms, computed from the bank alone (so a form
edited by hand after assembly is checked the same way)."""

import itertools
import math
from collections.abc import Sequence

import numpy as np

from hallmark.psychometrics.irt import item_information, item_probability

from ._bank import OPERATIONAL, PRETEST, IntArray, ItemBank
from ._pool import set_groups
from ._result import AssemblyResult, ConstraintCheck, Form, FormCurves
from ._spec import AssemblySpec, Range


def form_curves(
    bank: ItemBank, forms: Sequence[Form], theta: Sequence[float], scaling: float = 1.0
) -> FormCurves:
    """TIF and TCC of each form's scored items at theta (items without a/b contribute 0)."""
    _curves_iv(bank, forms, theta)
    t = np.asarray(theta, dtype=float)
    usable = bank.has_irt > 0
    a = np.where(usable, bank.a, 1.0)
    b = np.where(usable, bank.b, 0.0)
    d = -a * b  # psychometrics' slope-intercept form; its curves are theta by item
    info = item_information(t, a, d, bank.c, scaling).T * usable[:, None]
    prob = item_probability(t, a, d, bank.c, scaling).T * usable[:, None]
    idx = [bank.positions(f.scored) for f in forms]
    tif = np.array([info[i].sum(axis=0) for i in idx]).reshape(len(forms), t.size)
    tcc = np.array([prob[i].sum(axis=0) for i in idx]).reshape(len(forms), t.size)
    return FormCurves(theta=t, tif=tif, tcc=tcc)


def _curves_iv(bank: ItemBank, forms: Sequence[Form], theta: Sequence[float]) -> None:
    if len(theta) == 0 or not np.all(np.isfinite(np.asarray(theta, dtype=float))):
        raise ValueError("`theta` must hold at least one finite number")
    for form in forms:
        bank.positions(form.scored, f"form {form.number} item")


def check_forms(
    bank: ItemBank, spec: AssemblySpec, forms: Sequence[Form]
) -> tuple[ConstraintCheck, ...]:
    """Check every constraint of the spec on the given forms."""
    _check_forms_iv(bank, forms)
    checks: list[ConstraintCheck] = []
    for form in forms:
        checks.extend(_form_checks(bank, spec, form))
    checks.extend(_overlap_checks(bank, spec, forms))
    checks.extend(_reuse_checks(bank, spec, forms))
    return tuple(checks)


def _check_forms_iv(bank: ItemBank, forms: Sequence[Form]) -> None:
    for form in forms:
        items = form.items
        if len(set(items)) != len(items):
            raise ValueError(f"form {form.number} lists an item more than once")
        bank.positions(items, f"form {form.number} item")


def _check(name: str, form: Form, bounds: Range, achieved: float) -> ConstraintCheck:
    tol = 1e-6
    ok = (bounds.minimum is None or achieved >= bounds.minimum - tol) and (
        bounds.maximum is None or achieved <= bounds.maximum + tol
    )
    return ConstraintCheck(name, (form.number,), bounds.minimum, bounds.maximum, achieved, ok)


def _form_checks(bank: ItemBank, spec: AssemblySpec, form: Form) -> list[ConstraintCheck]:
    scored = bank.positions(form.scored)
    pretest = bank.positions(form.pretest)
    every = np.concatenate([scored, pretest])
    n, p = spec.scored_length, spec.pretest_length
    out = [
        _check("scored length", form, Range(n, n), scored.size),
        _check("pretest length", form, Range(p, p), pretest.size),
        _check(
            "non-operational items in scored positions",
            form,
            Range(None, 0),
            int(np.sum(bank.status[scored] != OPERATIONAL)),
        ),
        _check(
            "non-pretest items in pretest positions",
            form,
            Range(None, 0),
            int(np.sum(bank.status[pretest] != PRETEST)),
        ),
    ]
    for name, count in spec.domains.items():
        achieved = int(np.sum(bank.domain[scored] == name))
        out.append(_check(f"domain '{name}'", form, Range(count, count), achieved))
    for name, bounds in spec.competencies.items():
        achieved = int(np.sum(bank.competency[scored] == name))
        out.append(_check(f"competency '{name}'", form, bounds, achieved))
    for name, bounds in spec.cognitive_levels.items():
        achieved = int(np.sum(bank.cognitive_level[scored] == name))
        out.append(_check(f"cognitive level '{name}'", form, bounds, achieved))
    for name, bounds in spec.item_formats.items():
        achieved = int(np.sum(bank.item_format[scored] == name))
        out.append(_check(f"item format '{name}'", form, bounds, achieved))
    out.append(_check("enemy pairs", form, Range(None, 0), _enemy_pairs(bank, every)))
    out.append(_check("split item sets", form, Range(None, 0), _split_sets(bank, every)))
    if spec.exposure is not None:
        used = int(np.sum(bank.times_used[every] > spec.exposure.max_uses))
        out.append(_check("over-used items", form, Range(None, 0), used))
    if spec.reading_seconds is not None:
        seconds = float(np.nansum(bank.reading_seconds[every]))
        out.append(_check("reading seconds", form, spec.reading_seconds, seconds))
    if spec.p_mean is not None:
        out.append(_check("mean p", form, spec.p_mean, _mean(bank.p[scored])))
    if spec.rpbis_mean is not None:
        out.append(_check("mean point-biserial", form, spec.rpbis_mean, _mean(bank.rpbis[scored])))
    return out


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if values.size else math.nan


def _enemy_pairs(bank: ItemBank, items: IntArray) -> int:
    """Pairs of items on the form that share an enemy group."""
    count: dict[str, int] = {}
    for i in items:
        for g in bank.enemy_groups[int(i)]:
            count[g] = count.get(g, 0) + 1
    return sum(c * (c - 1) // 2 for c in count.values())


def _split_sets(bank: ItemBank, items: IntArray) -> int:
    chosen = set(items.tolist())
    split = 0
    for members in set_groups(bank).values():
        inside = sum(int(i) in chosen for i in members)
        split += 0 < inside < members.size
    return split


def _overlap_checks(
    bank: ItemBank, spec: AssemblySpec, forms: Sequence[Form]
) -> list[ConstraintCheck]:
    if spec.overlap is None:
        return []
    limit = spec.overlap.limit(spec.scored_length)
    out = []
    for f, g in itertools.combinations(forms, 2):
        shared = len(set(f.scored) & set(g.scored))
        name = f"items shared by forms {f.number} and {g.number}"
        out.append(
            ConstraintCheck(name, (f.number, g.number), None, limit, shared, shared <= limit)
        )
    return out


def _reuse_checks(
    bank: ItemBank, spec: AssemblySpec, forms: Sequence[Form]
) -> list[ConstraintCheck]:
    if not forms or spec.pretest_length == 0:
        return []
    uses: dict[str, int] = {}
    for form in forms:
        for item in form.pretest:
            uses[item] = uses.get(item, 0) + 1
    most = max(uses.values(), default=0)
    limit = spec.pretest_forms_per_item
    numbers = tuple(f.number for f in forms)
    name = "forms holding one pretest item"
    return [ConstraintCheck(name, numbers, None, limit, most, most <= limit)]


# ---------------------------------------------------------------------------------------------
# readable summary


def format_summary(result: AssemblyResult) -> str:
    """A plain-text summary: solver facts, forms, the constraint table and the curves."""
    lines = [_headline(result)]
    if not result.feasible:
        lines.extend(f"  {e.message}" for e in result.explanations)
        return "\n".join(lines)
    for form in result.forms:
        lines.append(
            f"form {form.number}: {len(form.scored)} scored, {len(form.pretest)} pretest: "
            + " ".join(form.items[:8])
            + (" ..." if len(form.items) > 8 else "")
        )
    lines.append("")
    lines.extend(_constraint_table(result))
    if result.curves is not None and result.curves.theta.size:
        lines.append("")
        lines.extend(_curve_table(result.curves))
    return "\n".join(lines)


def _headline(result: AssemblyResult) -> str:
    gap = result.mip_gap
    gap_text = "" if gap is None or not math.isfinite(gap) else f", MIP gap {gap:.2%}"
    if result.bound is not None:
        gap_text += f" (bound {result.bound:.6g})"
    value = "" if result.objective is None else f" = {result.objective:.6g}"
    return (
        f"{len(result.forms)} form(s); status {result.status}{gap_text}; "
        f"objective {result.objective_kind}{value}; {result.solve_seconds:.1f} s; "
        f"{result.solver} {result.solver_version}; seed {result.seed}; "
        f"{result.pool_items} of {result.bank_items} items offered to the solver"
    )


def _constraint_table(result: AssemblyResult) -> list[str]:
    numbers = [f.number for f in result.forms]
    per_form: dict[str, dict[int, ConstraintCheck]] = {}
    others: list[ConstraintCheck] = []
    for check in result.report:
        if len(check.forms) == 1:
            per_form.setdefault(check.name, {})[check.forms[0]] = check
        else:
            others.append(check)
    width = max([len(name) for name in per_form] + [len(c.name) for c in others] + [10])
    head = f"{'constraint':<{width}}  {'required':>10}  " + "  ".join(
        f"{'form ' + str(n):>8}" for n in numbers
    )
    lines = [head + "  ok"]
    for name, by_form in per_form.items():
        first = next(iter(by_form.values()))
        cells = "  ".join(f"{_fmt_value(by_form[n].achieved):>8}" for n in numbers if n in by_form)
        ok = "ok" if all(c.ok for c in by_form.values()) else "NOT MET"
        lines.append(f"{name:<{width}}  {first.required:>10}  {cells}  {ok}")
    for check in others:
        ok = "ok" if check.ok else "NOT MET"
        lines.append(
            f"{check.name:<{width}}  {check.required:>10}  {_fmt_value(check.achieved):>8}  {ok}"
        )
    return lines


def _fmt_value(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def _curve_table(curves: FormCurves) -> list[str]:
    lines = [
        "theta     "
        + "  ".join(f"{'TIF ' + str(f + 1):>8}" for f in range(curves.tif.shape[0]))
        + "  "
        + "  ".join(f"{'TCC ' + str(f + 1):>8}" for f in range(curves.tcc.shape[0]))
    ]
    for k, t in enumerate(curves.theta):
        tif = "  ".join(f"{v:8.3f}" for v in curves.tif[:, k])
        tcc = "  ".join(f"{v:8.2f}" for v in curves.tcc[:, k])
        lines.append(f"{t:<8.3g}  {tif}  {tcc}")
    lines.append(
        f"largest difference between forms: TIF {curves.tif_spread().max():.3f}, "
        f"TCC {curves.tcc_spread().max():.3f}"
    )
    return lines
