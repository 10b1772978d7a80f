"""The staff workflow from an assembly to frozen forms: assemble drafts, swap, approve, retire.

Every function takes the person acting (`by`) and refuses with PermissionDenied when they may
not act, or with ValidationError saying what is wrong and where. Forms assembled together are a
batch: their constraint report (`report`) is recomputed together after a swap.
"""

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.assembly import AssemblyResult, SpecError, assemble_forms
from hallmark.assembly import Form as Assembled
from hallmark.exams.data import FormStatus
from hallmark.exams.forms.bank import (
    ASSEMBLY_STATUSES,
    DEFAULT_OVERLAP,
    DEFAULT_THETA,
    FormBank,
    bank_for,
    consecutive_sets,
    spec_data,
    spec_for,
)
from hallmark.exams.forms.report import BatchCheck, check_batch, store_reports
from hallmark.exams.models import Form, FormItem, TestingWindow
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import ItemVersion
from hallmark.lib.permissions import need
from hallmark.programs.models import Blueprint, Program

MAX_FORMS = 10
MAX_TIME_LIMIT = 600
HAND_PICKED_STATUSES = (ItemStatus.APPROVED, ItemStatus.PRETEST, ItemStatus.OPERATIONAL)


# --- assembling drafts ------------------------------------------------------------------------


def next_codes(program: Program, n: int, year: int) -> list[str]:
    """The next free codes of the form "CESP-2026-A", "CESP-2026-B", ..."""
    taken = set(Form.objects.filter(program=program).values_list("code", flat=True))
    codes: list[str] = []
    k = 0
    while len(codes) < n:
        code = f"{program.designation}-{year}-{_letters(k)}"
        if code not in taken:
            codes.append(code)
        k += 1
    return codes


def _letters(k: int) -> str:
    text = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _assembly_iv(program: Program, blueprint: Blueprint, n_forms: int, time_limit: float) -> None:
    if blueprint.outline.program_id != program.pk:
        raise ValidationError(f"Blueprint {blueprint.name} belongs to another program.")
    if not 1 <= n_forms <= MAX_FORMS:
        raise ValidationError(f"Number of forms: {n_forms} is not between 1 and {MAX_FORMS}.")
    if not (math.isfinite(time_limit) and 1 <= time_limit <= MAX_TIME_LIMIT):
        raise ValidationError(
            f"Time limit: {time_limit:g} s is not between 1 and {MAX_TIME_LIMIT} s."
        )
    problems = blueprint.problems()
    if problems:
        raise ValidationError([f"Blueprint {blueprint.name}: {p}" for p in problems])


def assemble_draft_forms(
    program: Program,
    blueprint: Blueprint,
    n_forms: int,
    *,
    by: User,
    objective: str = "maximin",
    seed: int = 0,
    time_limit: float = 10.0,
    theta: Sequence[float] = DEFAULT_THETA,
    overlap_share: float | None = DEFAULT_OVERLAP,
    reference: Form | None = None,
    step: Callable[[str], None] | None = None,
    saved: Callable[[list[Form]], None] | None = None,
) -> list[Form]:
    """Assemble `n_forms` draft forms at once from the program's bank for the blueprint.

    When no forms exist, ValidationError carries the assembly package's explanation and nothing
    is saved. The solver runs before the saving transaction opens, so that a long solve never
    holds the database's write lock; the bank is checked again inside the transaction.
    `step` hears "solving" and "saving" as they begin; `saved` gets the forms inside the saving
    transaction (a background job records them there, so that they are made once).
    """
    need(by, "exams.assemble_form", "assemble forms")
    _assembly_iv(program, blueprint, n_forms, time_limit)
    step = step or (lambda name: None)
    step("solving")
    reference_keys, pinned = _reference(reference, blueprint, objective)
    bank = bank_for(program, blueprint, pinned)
    data = spec_data(
        blueprint,
        objective=objective,
        theta=theta,
        overlap_share=overlap_share if n_forms > 1 else None,
        reference_form=[bank.key(v) for v in pinned],
    )
    try:
        spec = spec_for(data)
    except SpecError as error:
        raise ValidationError(f"Assembly specification: {error}") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # left-out item sets are named in the report instead
        result = assemble_forms(
            bank.bank,
            spec,
            n_forms,
            time_limit=time_limit,
            seed=seed,
            explain_time_limit=min(5.0, time_limit),
        )
    if not result.feasible:
        raise ValidationError(_explanation(result))
    step("saving")
    with transaction.atomic():
        forms = _save_drafts(program, blueprint, bank, data, result, by, reference_keys)
        if saved is not None:
            saved(forms)
    return forms


def _reference(
    reference: Form | None, blueprint: Blueprint, objective: str
) -> tuple[dict[str, int], list[ItemVersion]]:
    if objective != "parallel":
        return {}, []
    if reference is None:
        raise ValidationError("Parallel forms need a reference form: choose a frozen form.")
    if reference.blueprint_id != blueprint.pk or reference.status == FormStatus.DRAFT:
        raise ValidationError(
            f"Reference form {reference.code} is not a frozen form of {blueprint.name}."
        )
    rows = reference.items.filter(scored=True).select_related("item_version__item")
    pinned = [r.item_version for r in rows]
    return {v.item.identifier: v.pk for v in pinned}, pinned


def _explanation(result: AssemblyResult) -> list[str]:
    lead = f"No forms could be assembled (status: {result.status})."
    return [lead] + [e.message for e in result.explanations]


@transaction.atomic
def _save_drafts(
    program: Program,
    blueprint: Blueprint,
    bank: FormBank,
    data: dict[str, Any],
    result: AssemblyResult,
    by: User,
    reference_keys: dict[str, int],
) -> list[Form]:
    chosen = [bank.version(k) for f in result.forms for k in f.items]
    _still_current(chosen)
    now = timezone.now()
    codes = next_codes(program, len(result.forms), program.today().year)
    shared = {
        "batch": codes,
        "status": result.status,
        "objective": result.objective_kind,
        "bound": result.bound,
        "solve_seconds": round(result.solve_seconds, 3),
        "pool_items": result.pool_items,
        "bank_items": result.bank_items,
        "excluded_sets": list(result.excluded_sets),
        "reference_versions": {bank.key(v): v.pk for v in _pinned(bank, reference_keys)},
        "swaps": [],
    }
    forms = []
    for code, assembled in zip(codes, result.forms, strict=True):
        form = Form.objects.create(
            program=program,
            blueprint=blueprint,
            code=code,
            created_at=now,
            created_by=by,
            assembly_spec=data,
            assembly_seed=result.seed,
            solver=f"{result.solver} {result.solver_version}",
            objective_value=result.objective,
            mip_gap=_finite(result.mip_gap),
            assembly_report={**shared, "number": assembled.number},
        )
        _add_items(form, bank, assembled)
        forms.append(form)
    batch = check_batch(forms[0])
    store_reports(batch)
    return batch.forms


def _pinned(bank: FormBank, reference_keys: dict[str, int]) -> list[ItemVersion]:
    pks = set(reference_keys.values())
    return [v for v in bank.versions.values() if v.pk in pks]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _add_items(form: Form, bank: FormBank, assembled: Assembled) -> None:
    """Scored items, then pretest ones; a case set's items together, at its first item."""
    scored = set(assembled.scored)
    entries = [*assembled.scored, *assembled.pretest]
    order = consecutive_sets(entries, {key: bank.set_of(key) for key in entries})
    FormItem.objects.bulk_create(
        FormItem(form=form, position=n, item_version=bank.version(key), scored=key in scored)
        for n, key in enumerate(order, start=1)
    )


def _still_current(versions: Sequence[ItemVersion]) -> None:
    """The bank may have changed while the solver ran: refuse stale versions."""
    stale = ItemVersion.objects.filter(pk__in=[v.pk for v in versions]).exclude(
        item__current_version_id=F("pk"), item__status__in=ASSEMBLY_STATUSES
    )
    names = sorted(stale.values_list("item__identifier", flat=True))
    if names:
        raise ValidationError(
            f"The bank changed while the forms were assembled ({', '.join(names[:5])}"
            f"{' ...' if len(names) > 5 else ''}): assemble again."
        )


# --- changing a draft, approving, retiring ----------------------------------------------------


def _draft(form: Form, action: str) -> None:
    if form.status != FormStatus.DRAFT:
        raise ValidationError(
            f"Form {form.code} is {form.get_status_display().lower()}: only a draft can be "
            f"{action}."
        )


@transaction.atomic
def swap_item(form: Form, position: int, new_version: ItemVersion, *, by: User) -> BatchCheck:
    """Put another item in one position of a draft; returns the recomputed report, in which a
    constraint the swap breaks shows as not met (it is not refused here, but at approval)."""
    need(by, "exams.assemble_form", "swap items on forms")
    form = Form.objects.select_for_update().get(pk=form.pk)
    _draft(form, "changed")
    slot = form.items.filter(position=position).select_related("item_version__item").first()
    if slot is None:
        raise ValidationError(f"Form {form.code} has no position {position}.")
    item = new_version.item
    if item.program_id != form.program_id:
        raise ValidationError(f"Item {item.identifier} belongs to another program.")
    if item.current_version_id != new_version.pk or item.status not in ASSEMBLY_STATUSES:
        raise ValidationError(
            f"Item {item.identifier} v{new_version.number} is not the current version of an "
            "operational or pretest item."
        )
    if form.items.filter(item_version__item=item).exists():
        raise ValidationError(f"Item {item.identifier} is already on form {form.code}.")
    before = slot.item_version
    slot.item_version = new_version
    slot.save(update_fields=["item_version"])
    report = dict(form.assembly_report or {})
    swap = {
        "position": position,
        "from": str(before),
        "to": str(new_version),
        "by": by.email,
        "at": timezone.now().isoformat(),
    }
    report["swaps"] = [*report.get("swaps", []), swap]
    form.assembly_report = report
    form.save(update_fields=["assembly_report"])
    batch = check_batch(form)
    store_reports(batch)
    return batch


@transaction.atomic
def approve_form(form: Form, *, by: User) -> Form:
    """Freeze a draft: refused while any constraint of its report is not met (every constraint
    in the report is a hard one; only the objective is a matter of degree)."""
    need(by, "exams.approve_form", "approve forms")
    form = Form.objects.select_for_update().get(pk=form.pk)
    _draft(form, "approved")
    if not form.items.exists():
        raise ValidationError(f"Form {form.code} has no items.")
    batch = check_batch(form)
    problems = batch.problems(form)
    if problems:
        raise ValidationError(
            [f"Form {form.code} cannot be approved: these constraints are not met."]
            + [f"{p.constraint}: required {p.required}, achieved {p.achieved:g}" for p in problems]
        )
    now = timezone.now()
    report = dict(form.assembly_report or {})
    report["checks"] = [row.to_dict() for row in batch.rows[form.pk]]
    report["checked_at"] = now.isoformat()
    form.assembly_report = report
    form.status = FormStatus.FROZEN
    form.frozen_at = now
    form.frozen_by = by
    form.save(update_fields=["assembly_report", "status", "frozen_at", "frozen_by"])
    return form


@transaction.atomic
def freeze_hand_picked(
    program: Program,
    blueprint: Blueprint,
    code: str,
    item_versions: Sequence[ItemVersion],
    *,
    by: User,
) -> Form:
    """Freeze a form picked by hand, in the given order (pretest items unscored).

    Its report against the blueprint is recorded, not enforced: this is how a program delivers
    before its bank is large enough to assemble forms.
    """
    need(by, "exams.approve_form", "freeze forms")
    if blueprint.outline.program_id != program.pk:
        raise ValidationError(f"Blueprint {blueprint.name} belongs to another program.")
    if not code.strip():
        raise ValidationError("A form needs a code.")
    if Form.objects.filter(program=program, code=code).exists():
        raise ValidationError(f"{program.designation} already has a form {code}.")
    _hand_picked_iv(program, item_versions)
    now = timezone.now()
    form = Form.objects.create(
        program=program, blueprint=blueprint, code=code, created_at=now, created_by=by
    )
    FormItem.objects.bulk_create(
        FormItem(
            form=form,
            position=n,
            item_version=version,
            scored=version.item.status != ItemStatus.PRETEST,
        )
        for n, version in enumerate(item_versions, start=1)
    )
    batch = check_batch(form)
    form.assembly_report = {
        "batch": [code],
        "hand_picked": True,
        "checks": [row.to_dict() for row in batch.rows[form.pk]],
        "checked_at": now.isoformat(),
    }
    form.status = FormStatus.FROZEN
    form.frozen_at = now
    form.frozen_by = by
    form.save()
    return form


def usable_versions(program: Program, n: int) -> list[ItemVersion]:
    """The current versions of up to `n` of the program's operational items, then pretest ones
    (a starting point for a form picked by hand)."""
    rows: list[ItemVersion] = []
    for status in (ItemStatus.OPERATIONAL, ItemStatus.PRETEST):
        rows += list(
            ItemVersion.objects.filter(
                item__program=program, item__status=status, item__current_version=F("pk")
            )
            .select_related("item")
            .order_by("item__identifier")[: n - len(rows)]
        )
    return rows


def _hand_picked_iv(program: Program, versions: Sequence[ItemVersion]) -> None:
    if not versions:
        raise ValidationError("A form needs at least one item.")
    items = [v.item for v in versions]
    if len({i.pk for i in items}) != len(items):
        raise ValidationError("An item appears more than once on the form.")
    for item in items:
        if item.program_id != program.pk:
            raise ValidationError(f"Item {item.identifier} belongs to another program.")
        if item.status not in HAND_PICKED_STATUSES:
            raise ValidationError(
                f"Item {item.identifier} is {item.get_status_display().lower()}: only approved, "
                "pretest and operational items go on a form."
            )


@transaction.atomic
def retire_form(form: Form, *, by: User, reason: str) -> Form:
    """Retire a frozen form: it stays on record (and in the windows that used it) but is never
    delivered again."""
    need(by, "exams.approve_form", "retire forms")
    form = Form.objects.select_for_update().get(pk=form.pk)
    if form.status != FormStatus.FROZEN:
        raise ValidationError(
            f"Form {form.code} is {form.get_status_display().lower()}: only a frozen form can be "
            "retired."
        )
    if not reason.strip():
        raise ValidationError("Retiring a form needs a reason.")
    form.status = FormStatus.RETIRED
    form.retired_at = timezone.now()
    form.retired_by = by
    form.retire_reason = reason.strip()
    form.save(update_fields=["status", "retired_at", "retired_by", "retire_reason"])
    return form


@transaction.atomic
def put_in_use(form: Form, window: TestingWindow, *, by: User) -> TestingWindow:
    """List a frozen form among the forms a testing window delivers."""
    need(by, "exams.approve_form", "choose the forms of a testing window")
    if form.status != FormStatus.FROZEN:
        raise ValidationError(f"Form {form.code} is not frozen: only frozen forms are delivered.")
    if window.program_id != form.program_id or window.blueprint_id != form.blueprint_id:
        raise ValidationError(
            f"Window {window.name} delivers another blueprint than form {form.code}'s."
        )
    window.forms.add(form)
    return window
