"""Staff pages of forms, under /forms/: the list, assembling drafts, a form with its report,
chart, swaps, approval, retirement and the windows that deliver it. Services make every change.
"""

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hallmark.accounts.access import staff_permission
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, User
from hallmark.exams.data import FormStatus
from hallmark.exams.forms import jobs as assembly
from hallmark.exams.forms import workflow
from hallmark.exams.forms.bank import DEFAULT_OVERLAP, DEFAULT_THETA, OBJECTIVES
from hallmark.exams.forms.report import BatchCheck, check_batch
from hallmark.exams.models import Form, FormItem, TestingWindow
from hallmark.itembank.models import Item
from hallmark.lib.forms import form_field
from hallmark.lib.views import refusal_shown
from hallmark.programs.models import Blueprint, Program

TABLE_THETA_STEP = 2  # every second point of the chart's grid: -3, -2.5, ..., 3


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _program(request: HttpRequest) -> Program | None:
    designation = request.GET.get("program") or request.POST.get("program")
    if designation:
        return get_object_or_404(Program, designation=designation)
    return Program.objects.filter(outlines__status="published").order_by("pk").first()


# --- input forms ------------------------------------------------------------------------------


def _theta(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise ValidationError("Give numbers separated by commas, e.g. -0.5, 0, 0.5.") from None
    if not values or any(abs(v) > 6 for v in values):
        raise ValidationError("Give one to a few theta points between -6 and 6.")
    return values


class AssembleForm(django_forms.Form):
    blueprint = django_forms.ModelChoiceField(queryset=Blueprint.objects.none())
    n_forms = django_forms.IntegerField(
        label="Number of forms", min_value=1, max_value=workflow.MAX_FORMS, initial=2
    )
    objective = django_forms.ChoiceField(choices=list(OBJECTIVES.items()), initial="maximin")
    theta = django_forms.CharField(
        label="Theta points",
        initial=", ".join(f"{t:g}" for t in DEFAULT_THETA),
        help_text="Where the forms should measure best: points around the cut score on the "
        "θ scale, separated by commas.",
    )
    overlap = django_forms.IntegerField(
        label="Most items two forms share (percent of the scored items)",
        min_value=0,
        max_value=100,
        initial=round(DEFAULT_OVERLAP * 100),
    )
    reference = django_forms.ModelChoiceField(
        label="Reference form (parallel objective only)",
        queryset=Form.objects.none(),
        required=False,
    )
    seed = django_forms.IntegerField(min_value=0, max_value=2**31 - 1, initial=0)
    time_limit = django_forms.IntegerField(
        label="Time limit (seconds)",
        min_value=1,
        max_value=workflow.MAX_TIME_LIMIT,
        initial=10,
        help_text="After it, the best forms found are kept with their MIP gap.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blueprints = Blueprint.objects.filter(outline__program=program)
        field = form_field(self, "blueprint", django_forms.ModelChoiceField)
        field.queryset = blueprints
        field.initial = blueprints.first()
        form_field(self, "reference", django_forms.ModelChoiceField).queryset = Form.objects.filter(
            program=program, status=FormStatus.FROZEN
        )

    def clean_theta(self) -> list[float]:
        return _theta(self.cleaned_data["theta"])


class SwapForm(django_forms.Form):
    position = django_forms.TypedChoiceField(coerce=int)
    identifier = django_forms.CharField(
        label="Item to put there (identifier)",
        max_length=64,
        help_text="The current version of an operational or pretest item of the program.",
    )

    def __init__(self, *args: Any, form: Form, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "position", django_forms.TypedChoiceField).choices = [
            (row.position, f"{row.position}: {row.item_version.item.identifier}")
            for row in form.items.select_related("item_version__item")
        ]


class RetireForm(django_forms.Form):
    reason = django_forms.CharField(widget=django_forms.Textarea(attrs={"rows": 3}))


class UseForm(django_forms.Form):
    window = django_forms.ModelChoiceField(
        label="Testing window", queryset=TestingWindow.objects.none()
    )

    def __init__(self, *args: Any, form: Form, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "window", django_forms.ModelChoiceField
        ).queryset = TestingWindow.objects.filter(
            program_id=form.program_id, blueprint_id=form.blueprint_id
        ).exclude(forms=form)


# --- pages ------------------------------------------------------------------------------------


@staff_permission("exams.view_form")
def form_list(request: HttpRequest) -> HttpResponse:
    program = _program(request)
    forms = (
        Form.objects.filter(program=program)
        .select_related("blueprint", "frozen_by", "retired_by")
        .prefetch_related("windows")
        .order_by("-created_at", "code")
    )
    return render(
        request,
        "exams/forms/list.html",
        {"program": program, "forms": forms, "programs": Program.objects.all()},
    )


@staff_permission("exams.assemble_form")
def assemble(request: HttpRequest) -> HttpResponse:
    program = _program(request)
    if program is None:
        return render(request, "exams/forms/assemble.html", {"program": None})
    form = AssembleForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = assembly.start_assembly(
            program,
            data["blueprint"],
            data["n_forms"],
            by=_user(request),
            objective=data["objective"],
            seed=data["seed"],
            time_limit=data["time_limit"],
            theta=data["theta"],
            overlap_share=data["overlap"] / 100,
            reference=data["reference"],
        )
        return redirect("job", pk=job.pk)
    recent = Job.objects.filter(kind=JobKind.ASSEMBLE_FORMS, scope=program.designation)
    return render(
        request,
        "exams/forms/assemble.html",
        {"program": program, "form": form, "jobs": recent.select_related("started_by")[:10]},
    )


def _item_rows(form: Form, batch: BatchCheck) -> list[dict[str, Any]]:
    bank = batch.bank.bank
    index = {key: i for i, key in enumerate(bank.item.tolist())}
    rows = []
    related = ("item_version__item__item_set", "item_version__competency__domain")
    for row in form.items.select_related(*related):
        version = row.item_version
        i = index[batch.bank.key(version)]
        rows.append(
            {
                "position": row.position,
                "item": version.item,
                "version": version.number,
                "domain": version.classification.domain,
                "competency": version.classification,
                "level": version.get_cognitive_level_display(),
                "kind": version.kind_shown,
                "scored": row.scored,
                "status": version.item.get_status_display(),
                "a": _number(bank.a[i]),
                "b": _number(bank.b[i]),
                "p": _number(bank.p[i]),
                "rpbis": _number(bank.rpbis[i]),
            }
        )
    return rows


def _number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN: not known


def _curve_table(batch: BatchCheck) -> list[dict[str, Any]]:
    curves = batch.curves
    if curves is None:
        return []
    return [
        {
            "theta": float(curves.theta[k]),
            "tif": [float(v) for v in curves.tif[:, k]],
            "tcc": [float(v) for v in curves.tcc[:, k]],
        }
        for k in range(0, curves.theta.size, TABLE_THETA_STEP)
    ]


def _calibrations(batch: BatchCheck) -> dict[str, Any]:
    """Which calibrations the curves' a, b, c come from (administration and date, with how many
    scored items each), and how many scored items have none and add nothing to the curves."""
    scored = FormItem.objects.filter(form__in=batch.forms, scored=True)
    keys = {batch.bank.key(row.item_version) for row in scored.select_related("item_version")}
    counts: dict[tuple[str, Any], int] = {}
    missing = 0
    for key in keys:
        stats = batch.bank.calibrations.get(key)
        if stats is None:
            missing += 1
            continue
        source = (stats.administration, stats.administered_on)
        counts[source] = counts.get(source, 0) + 1
    rows = [
        {"administration": name, "on": on, "items": n}
        for (name, on), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    return {"rows": rows, "missing": missing}


def _target_rows(targets: dict[str, Any]) -> dict[str, Any]:
    tcc = targets.get("tcc") or [None] * len(targets["theta"])
    rows = list(zip(targets["theta"], targets.get("tif") or [], tcc, strict=False))
    return {**targets, "rows": rows}


def _report_rows(form: Form, batch: BatchCheck) -> list[dict[str, Any]]:
    """A draft's live report; a frozen form's report as it was at approval."""
    if form.status == FormStatus.DRAFT:
        return [row.to_dict() for row in batch.rows[form.pk]]
    return list((form.assembly_report or {}).get("checks", []))


def _may(user: User, permission: str) -> bool:
    return user.has_perm(f"exams.{permission}")


@staff_permission("exams.view_form")
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form.objects.select_related("program", "blueprint"), pk=pk)
    batch = check_batch(form)
    report = _report_rows(form, batch)
    user = _user(request)
    draft = form.status == FormStatus.DRAFT
    frozen_staff = form.status == FormStatus.FROZEN and user.has_perm("exams.approve_form")
    context = {
        "form": form,
        "batch": batch.forms,
        "items": _item_rows(form, batch),
        "report": report,
        "not_met": [row for row in report if not row["ok"]],
        "curve_table": _curve_table(batch),
        "calibrations": _calibrations(batch),
        "targets": _target_rows(batch.targets),
        "windows": form.windows.all(),
        "swap_form": SwapForm(form=form) if draft and _may(user, "assemble_form") else None,
        "can_approve": draft and _may(user, "approve_form"),
        "retire_form": RetireForm() if frozen_staff else None,
        "use_form": UseForm(form=form) if frozen_staff else None,
        "swaps": (form.assembly_report or {}).get("swaps", []),
    }
    return render(request, "exams/forms/detail.html", context)


@staff_permission("exams.view_form")
def form_chart(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    batch = check_batch(form)
    assert batch.curves is not None
    from hallmark.exams.forms.chart import curves_svg  # matplotlib: loaded when a chart is drawn

    svg = curves_svg(batch.curves, [f.code for f in batch.forms], batch.targets)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _back(form: Form) -> HttpResponse:
    return redirect("forms:detail", pk=form.pk)


@require_POST
@staff_permission("exams.assemble_form")
def swap(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    data = SwapForm(request.POST, form=form)
    if not data.is_valid():
        messages.error(request, "Choose a position and give an item identifier.")
        return _back(form)
    item = Item.objects.filter(
        program_id=form.program_id, identifier=data.cleaned_data["identifier"].strip()
    ).first()
    if item is None or item.current_version is None:
        messages.error(request, f"{form.program.designation} has no item by that identifier.")
        return _back(form)
    with refusal_shown(request):
        batch = workflow.swap_item(
            form, data.cleaned_data["position"], item.current_version, by=_user(request)
        )
        broken = batch.problems(form)
        note = f"; {len(broken)} constraint(s) not met" if broken else "; every constraint is met"
        messages.success(
            request, f"Position {data.cleaned_data['position']} now holds {item.identifier}{note}."
        )
    return _back(form)


@require_POST
@staff_permission("exams.approve_form")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    with refusal_shown(request):
        workflow.approve_form(form, by=_user(request))
        messages.success(request, f"Form {form.code} is approved and frozen.")
    return _back(form)


@require_POST
@staff_permission("exams.approve_form")
def retire(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    data = RetireForm(request.POST)
    if not data.is_valid():
        messages.error(request, "Retiring a form needs a reason.")
        return _back(form)
    with refusal_shown(request):
        workflow.retire_form(form, by=_user(request), reason=data.cleaned_data["reason"])
        messages.success(request, f"Form {form.code} is retired.")
    return _back(form)


@require_POST
@staff_permission("exams.approve_form")
def use(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    data = UseForm(request.POST, form=form)
    if not data.is_valid():
        messages.error(request, "Choose a testing window of this form's blueprint.")
        return _back(form)
    with refusal_shown(request):
        window = workflow.put_in_use(form, data.cleaned_data["window"], by=_user(request))
        messages.success(request, f"{window.name} now delivers form {form.code}.")
    return _back(form)
