"""A study's analysis page, once the survey is closed: the statements' figures and inclusion, the
flagged subgroups, the agreement among respondents, the domain weights computed and adjusted
with the blueprint's items; marking the study analysed, adjusting a weight, adopting it."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hallmark.jobanalysis import services
from hallmark.jobanalysis.data import StudyStatus
from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.staff_figures import (
    domain_weights,
    figures_of,
    flagged_subgroups,
    statement_rows,
)
from hallmark.jobanalysis.staff_forms import WeightForm
from hallmark.jobanalysis.staff_steps import MANAGES, READS, bound_or, run_step, study_of
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

BACK = "jobanalysis:staff-analysis"
ICCS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")


def _agreement(figures: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    result = figures.get("icc")
    if not result:
        return []
    return [(name, result[name], result["intervals"][name]) for name in ICCS]


def _analysis_page(
    request: AuthenticatedHttpRequest, study: Study, *, status: int = 200, bound: Any = None
) -> HttpResponse:
    bound = bound or {}
    figures, why_not = figures_of(study)
    context: dict[str, Any] = {"study": study, "tab": "analysis", "why_not": why_not}
    if figures:
        weights, total = domain_weights(study, figures)
        rows = statement_rows(study, figures)
        context |= {
            "figures": figures,
            "rows": rows,
            "overridden": [r.code for r in rows if r.overridden],
            "subgroups": flagged_subgroups(figures),
            "agreement": _agreement(figures),
            "icc": figures.get("icc"),
            "weights": weights,
            "weight_total": total,
            "adjustments": study.adjustments.select_related("domain", "by").order_by("pk"),
        }
    context["weight_form"] = bound_or(
        bound, "weight", lambda prefix: WeightForm(prefix=prefix, study=study)
    )
    if study.adopted_outline_id:
        context["outline_admin"] = reverse(
            "admin:programs_contentoutline_change", args=[study.adopted_outline_id]
        )
    context["analysed"] = study.status == StudyStatus.ANALYSED
    return render(request, "jobanalysis/staff/analysis.html", context, status=status)


@READS
@require_GET
def analysis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _analysis_page(request, study_of(pk))


@MANAGES
@require_POST
def mark_analysed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)
    with refusal_shown(request):
        services.mark_analysed(study, by=request.user)
        messages.success(request, "The analysis is fixed: these figures are the ones adopted.")
    return redirect(BACK, study.pk)


@MANAGES
@require_POST
def adjust_weight(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        row = services.adjust_weight(
            study, data["domain"], data["weight"], reason=data["reason"], by=request.user
        )
        computed, adjusted = row.computed_weight, row.adjusted_weight
        return f"Domain {row.domain.code}: {computed}% is adjusted to {adjusted}%."

    form = WeightForm(request.POST, prefix="weight", study=study)
    return run_step(request, study, form, act, page=_analysis_page, back=BACK)


@MANAGES
@require_POST
def adopt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)
    with refusal_shown(request):
        outline = services.adopt(study, by=request.user)
        messages.success(request, f"{outline} is created from the study, as a draft to publish.")
    return redirect(BACK, study.pk)
