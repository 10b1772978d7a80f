"""The psychometrician's equating page: the candidate methods side by side, and approval."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from hallmark.accounts.models import User
from hallmark.exams.models import Form, TestingWindow
from hallmark.lib.views import show_refusal
from hallmark.results import equating as services
from hallmark.results.data import EquatingDesign, EquatingStatus
from hallmark.results.models import Equating

MOMENTS = ("mean", "sd", "skew", "kurt")


def side_by_side(equating: Equating) -> dict[str, Any]:
    """Rows of raw score -> (equated, SE) per method, the moments and the cut per method."""
    usable = [m for m, entry in equating.methods.items() if "error" not in entry]
    rows = [
        (
            score,
            [
                (
                    equating.methods[m]["table"][score]["equated"],
                    equating.methods[m]["table"][score]["se"],
                )
                for m in usable
            ],
        )
        for score in range(equating.max_raw + 1)
    ]
    first = equating.methods[usable[0]]["moments"] if usable else {}
    return {
        "methods": usable,
        "undefined": {m: e["error"] for m, e in equating.methods.items() if "error" in e},
        "rows": rows,
        "moments": [
            (name, [equating.methods[m]["moments"]["equated"][name] for m in usable])
            for name in MOMENTS
        ],
        "observed": {k: first.get(k, {}) for k in ("x", "y")},
        "cuts": [
            (equating.methods[m]["raw_cut"], equating.methods[m]["equated_cut"]) for m in usable
        ],
        "se_kinds": [equating.methods[m]["se_kind"] or "none" for m in usable],
    }


def _window(request: HttpRequest, name: str) -> TestingWindow | None:
    value = request.POST.get(name, "")
    return get_object_or_404(TestingWindow, pk=value) if value else None


def _action(request: HttpRequest, form: Form, by: User) -> str:
    action = request.POST.get("action")
    if action == "compute":
        equating = services.compute_equating(
            form,
            design=request.POST.get("design", ""),
            window=_window(request, "window"),
            base_window=_window(request, "base_window"),
            by=by,
        )
        return f"Equated {equating}: compare the methods and approve one."
    if action == "approve":
        equating = get_object_or_404(Equating, pk=request.POST.get("equating"), form=form)
        method = request.POST.get("method", "")
        services.approve_equating(
            equating, method=method, reason=request.POST.get("reason", ""), by=by
        )
        return f"Approved the {method} equating of {form.code}: rescore the form's windows."
    raise ValidationError("Choose what to do.")


@login_required
@permission_required("results.equate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def equating(request: HttpRequest, pk: int) -> HttpResponse:
    form = get_object_or_404(Form, pk=pk)
    assert isinstance(request.user, User)  # login_required
    if request.method == "POST":
        try:
            messages.success(request, _action(request, form, request.user))
        except ValidationError as error:
            show_refusal(request, error)
        return redirect("results:equating", form.pk)
    standard = services.standard_of(form.program)
    history = Equating.objects.filter(form=form).select_related("approved_by", "computed_by")
    proposed = history.filter(status=EquatingStatus.PROPOSED).first()
    shown = proposed or history.filter(status=EquatingStatus.APPROVED).first()
    context = {
        "form": form,
        "standard": standard,
        "is_base": standard is not None and standard.form_id == form.pk,
        "problem": services.equating_problem(form),
        "approved": history.filter(status=EquatingStatus.APPROVED).first(),
        "shown": shown,
        "table": side_by_side(shown) if shown else None,
        "history": history,
        "designs": EquatingDesign.choices,
        "windows": TestingWindow.objects.filter(forms=form).order_by("-opens_at"),
        "base_windows": (
            TestingWindow.objects.filter(forms=standard.form).order_by("-opens_at")
            if standard
            else []
        ),
    }
    return render(request, "results/equating.html", context)
