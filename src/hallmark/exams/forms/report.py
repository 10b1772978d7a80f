"""A batch's constraint report: forms assembled together are checked together (overlap
between them included), from the item versions the forms pin, with their information and
characteristic curves for the chart."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hallmark.assembly import ConstraintCheck, FormCurves, check_forms, form_curves
from hallmark.assembly import Form as Assembled
from hallmark.exams.data import FormStatus
from hallmark.exams.forms.bank import FormBank, bank_for, form_versions, spec_data, spec_for
from hallmark.exams.models import Form
from hallmark.itembank.models import ItemVersion

CURVE_THETA = tuple(x / 4 for x in range(-12, 13))  # -3 .. 3 for the chart


@dataclass(frozen=True)
class Row:
    """One line of a form's constraint table."""

    constraint: str
    required: str
    achieved: float
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "constraint": self.constraint,
            "required": self.required,
            "achieved": self.achieved,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class BatchCheck:
    """The report of forms assembled together, recomputed from the versions they pin."""

    forms: list[Form]
    bank: FormBank
    rows: dict[int, list[Row]]  # form pk -> its constraint table
    curves: FormCurves | None  # every form's TIF and TCC over CURVE_THETA
    targets: dict[str, Any]  # what the chart draws the forms against

    def problems(self, form: Form) -> list[Row]:
        return [row for row in self.rows[form.pk] if not row.ok]


def batch_of(form: Form) -> list[Form]:
    """The forms assembled with this one (itself alone for a form picked by hand)."""
    codes = (form.assembly_report or {}).get("batch") or [form.code]
    found = {f.code: f for f in Form.objects.filter(program_id=form.program_id, code__in=codes)}
    return [found[code] for code in codes if code in found]


def _spec_dict(form: Form) -> dict[str, Any]:
    if form.assembly_spec:
        return dict(form.assembly_spec)
    # picked by hand: checked against the blueprint alone
    return spec_data(form.blueprint, overlap_share=None)


def _assembled(forms: Sequence[Form], bank: FormBank) -> list[Assembled]:
    out = []
    for number, form in enumerate(forms, start=1):
        rows = list(form.items.select_related("item_version").order_by("position"))
        scored = tuple(bank.key(r.item_version) for r in rows if r.scored)
        pretest = tuple(bank.key(r.item_version) for r in rows if not r.scored)
        out.append(Assembled(number, scored, pretest))
    return out


def check_batch(form: Form) -> BatchCheck:
    """Check every constraint of the batch's spec on its forms as they are now."""
    forms = batch_of(form)
    data = _spec_dict(form)
    reference = [_reference_version(form, k) for k in data["objective"].get("reference_form", [])]
    pinned = form_versions(forms) + reference
    bank = bank_for(form.program, form.blueprint, pinned, whole_bank=False)
    spec = spec_for(data)
    assembled = _assembled(forms, bank)
    checks = check_forms(bank.bank, spec, assembled)
    rows = {f.pk: _rows(checks, a.number, forms) for f, a in zip(forms, assembled, strict=True)}
    curves = form_curves(bank.bank, assembled, CURVE_THETA, spec.scaling)
    return BatchCheck(forms, bank, rows, curves, _targets(form, data, bank))


def _reference_version(form: Form, key: str) -> ItemVersion:
    versions = (form.assembly_report or {}).get("reference_versions", {})
    return ItemVersion.objects.get(pk=versions[key])


def _rows(checks: Sequence[ConstraintCheck], number: int, forms: Sequence[Form]) -> list[Row]:
    rows = []
    for check in checks:
        if number not in check.forms:
            continue
        name = check.name
        if name.startswith("items shared by forms"):
            other = next(n for n in check.forms if n != number)
            name = f"scored items shared with {forms[other - 1].code}"
        rows.append(Row(name, check.required, float(check.achieved), check.ok))
    return rows


def _targets(form: Form, data: dict[str, Any], bank: FormBank) -> dict[str, Any]:
    """Maximin: the information every form reaches at its theta points (y times the targets);
    parallel: the reference form's curves, scaled to the scored length."""
    objective = data["objective"]
    kind = objective["kind"]
    if kind == "maximin" and form.objective_value is not None:
        targets = objective.get("targets") or [1.0] * len(objective["theta"])
        tif = [form.objective_value * t for t in targets]
        return {"kind": kind, "theta": objective["theta"], "tif": tif, "tcc": None}
    if kind == "parallel" and objective.get("reference_form"):
        reference = Assembled(0, tuple(objective["reference_form"]))
        curves = form_curves(bank.bank, [reference], objective["theta"])
        scale = data["scored_length"] / len(reference.scored)
        return {
            "kind": kind,
            "theta": objective["theta"],
            "tif": (curves.tif[0] * scale).tolist(),
            "tcc": (curves.tcc[0] * scale).tolist(),
        }
    return {"kind": kind, "theta": [], "tif": None, "tcc": None}


def store_reports(batch: BatchCheck) -> None:
    """Keep each draft's current report with it (a frozen form keeps the one from approval)."""
    for form in batch.forms:
        if form.status != FormStatus.DRAFT:
            continue
        report = dict(form.assembly_report or {})
        report["checks"] = [row.to_dict() for row in batch.rows[form.pk]]
        report["checked_at"] = timezone.now().isoformat()
        form.assembly_report = report
        form.save(update_fields=["assembly_report"])
