"""One standard across forms: equate a form to its program's base form, approve a method,
and carry the base form's cut to the form for scoring.

The base form is the form of the program's current cut decision (set by standard setting).
Pre-equating uses the bank's IRT parameters (true-score and observed-score equating) and
needs no responses; post-equating uses the scored responses of a window: random groups when
both forms were spiralled in one window, common items (NEAT) when the forms share items
across windows. The numbers come from `hallmark.psychometrics.equating`.
"""

import datetime
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.exams.models import Form, TestingWindow
from hallmark.itembank.queries import latest_calibrations
from hallmark.lib.permissions import need
from hallmark.programs.models import Program
from hallmark.psychometrics import raw_cut_from
from hallmark.psychometrics.equating import (
    EquatingResult,
    equate_irt,
    equate_neat,
    equate_random_groups,
)
from hallmark.psychometrics.irt import ItemParameters, ParameterErrors
from hallmark.results.data import (
    EQUATING_BOOTSTRAP,
    EQUATING_METHODS,
    EQUATING_SEED,
    SMOOTHING_DEGREE,
    EquatingDesign,
    EquatingStatus,
    KeyAction,
)
from hallmark.results.keys import EffectiveKey, effective_keys
from hallmark.results.models import (
    CutScoreDecision,
    Equating,
    KeyOverride,
    ReportingScale,
    ScoringRun,
)
from hallmark.results.scale import Conversion
from hallmark.results.scoring import adjusted_cut, right_matrix, sittings

# The bank's IRT parameters are on the normal-ogive metric: logistic with D = 1.702.
IRT_SCALE = 1.702
DECIMALS = 6

Computed = EquatingResult | str  # a method's result, or why it is undefined for these data


# --- the base form and the standard it carries ----------------------------------------------


def standard_of(program: Program) -> CutScoreDecision | None:
    """The program's standard: its current cut decision (the latest, should there be two)."""
    return (
        CutScoreDecision.objects.filter(form__program=program, superseded_at__isnull=True)
        .select_related("form", "study")
        .order_by("-decided_at", "-pk")
        .first()
    )


def base_form(program: Program) -> Form | None:
    standard = standard_of(program)
    return standard.form if standard else None


def _kept(form: Form) -> list[EffectiveKey]:
    return [k for k in effective_keys(form) if not k.dropped]


def _points(keys: list[EffectiveKey]) -> int:
    """The highest raw score on these positions (partial credit counts every key)."""
    return sum(k.maximum for k in keys)


def _key_version(form: Form) -> int:
    return KeyOverride.objects.filter(form_item__form=form).count()


def _base_raw_cut(standard: CutScoreDecision) -> int:
    cut, _ = adjusted_cut(standard, effective_keys(standard.form))
    return max(raw_cut_from(cut), 1)


@dataclass(frozen=True)
class Carried:
    """The base form's cut carried to a form by its approved equating, for scoring."""

    equating: Equating
    conversion: Conversion

    def rules(self) -> dict[str, Any]:
        """What a scoring run freezes of the equating it applied."""
        e = self.equating
        return {
            "id": e.pk,
            "base_form": e.base_form.code,
            "design": e.design,
            "method": e.method,
            "base_raw_cut": self.conversion.base_raw_cut,
            "base_max_raw": self.conversion.base_max_raw,
            "raw_cut": e.raw_cut,
            "equated_cut": e.equated_cut,
            "scaled_cut": e.scaled_cut,
            "table": list(self.conversion.equated),
        }


def _conversion(equating: Equating, method: str) -> Conversion:
    table = equating.methods[method]["table"]
    return Conversion(
        tuple(row["equated"] for row in table),
        equating.base_raw_cut,
        equating.base_max_raw,
        how=f"{equating.base_form.code}'s cut {equating.base_raw_cut} carried by the "
        f"approved {method} equating ({equating.get_design_display().lower()})",
    )


def _changed_keys(equating: Equating) -> KeyOverride | None:
    """A key change on either form after the equating was computed (a rekey, a drop)."""
    return (
        KeyOverride.objects.filter(
            Q(form_item__form=equating.form) | Q(form_item__form=equating.base_form),
            at__gt=equating.computed_at,
        )
        .exclude(action=KeyAction.KEEP)
        .select_related("form_item__form")
        .first()
    )


def equating_problem(form: Form) -> str | None:
    """Why `form` cannot be scored against the program's standard now (None: it can)."""
    standard = standard_of(form.program)
    if standard is None or standard.form_id == form.pk:
        return None  # the base form (or no standard yet: scoring says so)
    base = standard.form
    approved = Equating.objects.filter(form=form, status=EquatingStatus.APPROVED).first()
    how = (
        f"equate it (`hallmark results equate --form {form.code} --design ...`, or the "
        f"equating page) and approve a method"
    )
    if approved is None:
        last = Equating.objects.filter(form=form, status=EquatingStatus.INVALIDATED).first()
        why = f" (the last one was invalidated: {last.invalidated_why})" if last else ""
        return (
            f"{form.code} is not the base form of {form.program.designation}: its cut is "
            f"{base.code}'s standard carried by an approved equating, and none is in force"
            f"{why}; {how}."
        )
    if approved.base_cut_id != standard.pk:
        return f"{form.code}: the standard of {base.code} changed after the equating; {how}."
    change = _changed_keys(approved)
    if change is not None:
        return f"{form.code}: {change.form_item.form.code} was rekeyed after the equating; {how}."
    return None


def carried(form: Form) -> Carried | None:
    """The approved equating scoring applies to `form` (None for the base form).

    Raises ValidationError when the form is not the base form and has no valid approved
    equating: a non-base form's cut comes only from an equating, never by accident."""
    problem = equating_problem(form)
    if problem is not None:
        raise ValidationError(problem)
    standard = standard_of(form.program)
    if standard is None or standard.form_id == form.pk:
        return None
    equating = Equating.objects.select_related("base_form").get(
        form=form, status=EquatingStatus.APPROVED
    )
    return Carried(equating, _conversion(equating, equating.method))


def run_problems(run: ScoringRun) -> list[str]:
    """Why a run's cut is not the program's standard any more (for `release_problems`)."""
    frozen = run.rules.get("equating")
    if frozen is None:
        standard = standard_of(run.form.program)
        if standard is not None and standard.form_id != run.form_id:
            return [
                f"{run.form.code} is not the base form of {run.form.program.designation} "
                f"({standard.form.code} is): rescore it with an approved equating."
            ]
        return []
    equating = Equating.objects.filter(pk=frozen["id"]).first()
    if equating is None or equating.status != EquatingStatus.APPROVED:
        status = equating.get_status_display().lower() if equating else "gone"
        why = f": {equating.invalidated_why}" if equating and equating.invalidated_why else ""
        return [
            f"The equating of {run.form.code} to {frozen['base_form']} that {run} applied is "
            f"{status}{why}. Equate again, approve a method and rescore."
        ]
    problem = equating_problem(run.form)
    return [problem] if problem else []


# --- computing the candidate methods ---------------------------------------------------------


def _raw_scores(window: TestingWindow, form: Form, kept: list[EffectiveKey]) -> np.ndarray:
    rows = sittings(window, form)
    if not rows:
        raise ValidationError(f"{window}, {form.code}: no submitted sessions to equate from.")
    return right_matrix(rows, kept)


def _counts(totals: np.ndarray, top: int) -> np.ndarray:
    return np.bincount(totals.astype(int), minlength=top + 1).astype(float)


def _attempt(run: Callable[[], EquatingResult]) -> Computed:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run()
    except ValueError as error:
        return str(error)


def _random_groups(x: np.ndarray, y: np.ndarray, tops: tuple[int, int]) -> dict[str, Computed]:
    fx, fy = _counts(x.sum(axis=1), tops[0]), _counts(y.sum(axis=1), tops[1])
    out: dict[str, Computed] = {}
    for method in EQUATING_METHODS[EquatingDesign.RANDOM_GROUPS]:
        if method == "equipercentile-smoothed":
            out[method] = _attempt(
                lambda: equate_random_groups(
                    fx,
                    fy,
                    "equipercentile",
                    degree=SMOOTHING_DEGREE,
                    bootstrap=EQUATING_BOOTSTRAP,
                    seed=EQUATING_SEED,
                )
            )
        else:
            out[method] = _attempt(partial(equate_random_groups, fx, fy, method))
    return out


def common_positions(form: Form, base: Form) -> tuple[list[int], list[int]]:
    """Column indexes, in each form's kept keys, of the item versions both forms score."""
    x_keys, y_keys = _kept(form), _kept(base)
    y_index = {k.form_item.item_version_id: j for j, k in enumerate(y_keys)}
    pairs = [
        (i, y_index[k.form_item.item_version_id])
        for i, k in enumerate(x_keys)
        if k.form_item.item_version_id in y_index
    ]
    return [i for i, _ in pairs], [j for _, j in pairs]


def _joint(right: np.ndarray, anchor: list[int], keys: list[EffectiveKey]) -> np.ndarray:
    table = np.zeros((_points(keys) + 1, _points([keys[j] for j in anchor]) + 1))
    np.add.at(table, (right.sum(axis=1).astype(int), right[:, anchor].sum(axis=1).astype(int)), 1)
    return table


def _neat(
    x: np.ndarray,
    y: np.ndarray,
    anchors: tuple[list[int], list[int]],
    keys: tuple[list[EffectiveKey], list[EffectiveKey]],
) -> dict[str, Computed]:
    tx, ty = _joint(x, anchors[0], keys[0]), _joint(y, anchors[1], keys[1])
    out: dict[str, Computed] = {}
    for method in EQUATING_METHODS[EquatingDesign.NEAT]:
        linear = method in ("tucker", "levine-observed", "chained-linear")
        out[method] = _attempt(
            partial(
                equate_neat,
                tx,
                ty,
                method,
                anchor_type="internal",
                bootstrap=0 if linear else EQUATING_BOOTSTRAP,
                seed=EQUATING_SEED,
            )
        )
    return out


def _bank_parameters(form: Form) -> tuple[ItemParameters, ParameterErrors | None]:
    kept = _kept(form)
    calibrations = latest_calibrations(k.form_item.item_version for k in kept)
    found, missing = [], []
    for k in kept:
        stats = calibrations.get(k.form_item.item_version_id)
        if stats is None:
            missing.append(f"{k.form_item.position} ({k.form_item.item_version.item.identifier})")
        found.append(stats)
    if missing:
        raise ValidationError(
            f"{form.code}: pre-equating needs the bank's IRT parameters of every scored item; "
            f"{len(missing)} have none (positions {', '.join(missing[:8])}"
            f"{', ...' if len(missing) > 8 else ''})."
        )
    rows = [s for s in found if s is not None]
    a = np.array([s.a or 1.0 for s in rows])
    b = np.array([s.b for s in rows], dtype=float)
    c = np.array([s.c or 0.0 for s in rows])
    params = ItemParameters.from_difficulty([k.name for k in kept], a, b, c, scale=IRT_SCALE)
    if any(s.a_se is None or s.b_se is None for s in rows):
        return params, None
    errors = ParameterErrors(
        a=np.array([s.a_se or 0.0 for s in rows]),
        intercept_se=np.array([s.b_se or 0.0 for s in rows]),
        c=np.array([s.c_se or 0.0 for s in rows]),
        intercept="b",
    )
    return params, errors


def _irt(form: Form, base: Form) -> dict[str, Computed]:
    x, x_errors = _bank_parameters(form)
    y, y_errors = _bank_parameters(base)
    boot = EQUATING_BOOTSTRAP if x_errors is not None and y_errors is not None else 0
    return {
        method: _attempt(
            partial(
                equate_irt,
                x,
                y,
                method,
                bootstrap=boot,
                seed=EQUATING_SEED,
                x_errors=x_errors,
                y_errors=y_errors,
            )
        )
        for method in EQUATING_METHODS[EquatingDesign.IRT]
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), DECIMALS)


def _entry(result: Computed, base_raw_cut: int, base_max_raw: int) -> dict[str, Any]:
    """A method's conversion table, moments and the raw cut it gives, as stored."""
    if isinstance(result, str):
        return {"error": result}
    se = result.se if result.se is not None else [None] * len(result.scores)
    equated = tuple(round(float(e), DECIMALS) for e in result.equated)
    table = [
        {"score": int(s), "equated": e, "se": _rounded(v)}
        for s, e, v in zip(result.scores, equated, se, strict=True)
    ]
    conversion = Conversion(equated, base_raw_cut, base_max_raw)
    raw_cut = conversion.raw_cut
    return {
        "table": table,
        "moments": {
            name: {k: _rounded(v) for k, v in m.items()} for name, m in result.moments.items()
        },
        "se_kind": result.se_kind,
        "slope": _rounded(result.slope),
        "intercept": _rounded(result.intercept),
        "raw_cut": raw_cut,
        "equated_cut": None if raw_cut is None else _rounded(conversion.to_base(raw_cut)),
    }


def _responses(
    design: str,
    form: Form,
    base: Form,
    window: TestingWindow | None,
    base_window: TestingWindow | None,
) -> dict[str, Computed]:
    if window is None:
        raise ValidationError(f"{form.code}: post-equating needs the window of the responses.")
    x_keys, y_keys = _kept(form), _kept(base)
    if design == EquatingDesign.RANDOM_GROUPS:
        if not window.forms.filter(pk=base.pk).exists() or not window.forms.filter(pk=form.pk):
            raise ValidationError(
                f"Random groups: {window} must deliver both {form.code} and {base.code} "
                "(spiralled); for forms given in different windows use common items (neat)."
            )
        return _random_groups(
            _raw_scores(window, form, x_keys),
            _raw_scores(window, base, y_keys),
            (_points(x_keys), _points(y_keys)),
        )
    base_window = base_window or window
    anchors = common_positions(form, base)
    if not anchors[0]:
        raise ValidationError(
            f"Common items: {form.code} and {base.code} share no scored item; use random groups "
            "or pre-equating."
        )
    x = _raw_scores(window, form, x_keys)
    y = _raw_scores(base_window, base, y_keys)
    return _neat(x, y, anchors, (x_keys, y_keys))


@transaction.atomic
def compute_equating(
    form: Form,
    *,
    design: str,
    by: User | None,
    window: TestingWindow | None = None,
    base_window: TestingWindow | None = None,
) -> Equating:
    """Equate `form` to its program's base form by every candidate method of `design`; the
    result waits for a psychometrician to approve one method (earlier proposals are
    superseded; an approved equating stays in force until another is approved)."""
    need(by, "results.equate", f"equate {form}")
    if design not in EquatingDesign.values:
        raise ValidationError(f"{form.code}: unknown equating design {design!r}.")
    standard = standard_of(form.program)
    if standard is None:
        raise ValidationError(
            f"{form.program.designation} has no standard yet: decide the base form's cut from "
            "a standard-setting study first."
        )
    base = standard.form
    if base.pk == form.pk:
        raise ValidationError(
            f"{form.code} is the base form of {form.program.designation}: its cut comes from "
            "standard setting, not from equating."
        )
    if design == EquatingDesign.IRT:
        results = _irt(form, base)
        window = base_window = None
    else:
        results = _responses(design, form, base, window, base_window)
        base_window = base_window or window
    base_raw_cut, base_max = _base_raw_cut(standard), _points(_kept(base))
    Equating.objects.filter(form=form, status=EquatingStatus.PROPOSED).update(
        status=EquatingStatus.SUPERSEDED, superseded_at=timezone.now()
    )
    return Equating.objects.create(
        form=form,
        base_form=base,
        design=design,
        window=window,
        base_window=base_window,
        base_cut=standard,
        methods={m: _entry(r, base_raw_cut, base_max) for m, r in results.items()},
        key_version=_key_version(form),
        base_key_version=_key_version(base),
        base_raw_cut=base_raw_cut,
        base_max_raw=base_max,
        max_raw=_points(_kept(form)),
        computed_by=by,
    )


# --- approval ---------------------------------------------------------------------------------


def _approval_problem(equating: Equating, method: str, reason: str) -> str | None:
    where = f"{equating}"
    entry = equating.methods.get(method)
    if equating.status != EquatingStatus.PROPOSED:
        return f"{where} is {equating.get_status_display().lower()}: approve a proposed equating."
    if not reason.strip():
        return f"{where}: say why {method or 'this method'} is the one to use (recorded)."
    if entry is None:
        return f"{where}: {method!r} is not one of its methods ({', '.join(equating.methods)})."
    if "error" in entry:
        return f"{where}: {method} is undefined for these data ({entry['error']})."
    values = [row["equated"] for row in entry["table"]]
    if any(later < earlier for earlier, later in itertools.pairwise(values)):
        return f"{where}: the {method} conversion is not increasing; it cannot carry a cut."
    if not entry["raw_cut"]:
        return f"{where}: under {method} no raw score of at least 1 reaches the base cut."
    if equating.base_cut.superseded_at is not None:
        return f"{where}: the standard of {equating.base_form.code} changed since; equate again."
    change = _changed_keys(equating)
    if change is not None:
        return f"{where}: {change.form_item.form.code}'s key changed since; equate again."
    return None


@transaction.atomic
def approve_equating(equating: Equating, *, method: str, reason: str, by: User) -> Equating:
    """Approve one candidate method; the equating approved before it is superseded."""
    need(by, "results.equate", f"approve the equating of {equating.form}")
    equating = Equating.objects.select_for_update().get(pk=equating.pk)
    problem = _approval_problem(equating, method, reason)
    if problem is not None:
        raise ValidationError(problem)
    scale = ReportingScale.objects.filter(program=equating.form.program).first()
    if scale is None:
        raise ValidationError(
            f"{equating.form.program.designation} has no reporting scale: set one first."
        )
    now = timezone.now()
    Equating.objects.filter(form=equating.form, status=EquatingStatus.APPROVED).update(
        status=EquatingStatus.SUPERSEDED, superseded_at=now
    )
    entry = equating.methods[method]
    equating.status, equating.method = EquatingStatus.APPROVED, method
    equating.raw_cut, equating.equated_cut = entry["raw_cut"], entry["equated_cut"]
    equating.scaled_cut = scale.passing
    equating.approved_by, equating.approved_at, equating.reason = by, now, reason.strip()
    equating.save()
    return equating


def invalidate_for_key_change(override: KeyOverride) -> int:
    """A rekey or a drop changes raw scores: equatings of the form, or to it, are redone."""
    if override.action == KeyAction.KEEP:
        return 0
    form = override.form_item.form
    when = timezone.localtime(override.at)
    why = (
        f"{form.code} item {override.form_item.position}: "
        f"{override.get_action_display().lower()} on {when:%d %b %Y %H:%M}"
    )
    return Equating.objects.touching(form).invalidate(why)


def invalidate_for_standard(superseded: list[int], form: Form, at: datetime.datetime) -> int:
    """Equatings carry a cut decision: a new decision asks for them again."""
    why = f"the standard was decided again on {form.code} on {timezone.localtime(at):%d %b %Y}"
    return Equating.objects.filter(base_cut__in=superseded).invalidate(why)
