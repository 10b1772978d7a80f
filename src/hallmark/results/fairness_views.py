"""The DIF review queue and item page (aggregate tables only), and a scoring run's charts.

The DIF pages show group sizes, proportions right and statistics of groups of at least the
run's minimum: no candidate, no result and no group small enough to point to a person.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from hallmark.accounts.access import staff_permission
from hallmark.accounts.models import User
from hallmark.exams.models import FormItem
from hallmark.lib.views import show_refusal
from hallmark.results import dif_review
from hallmark.results.fairness import c_positions, labels
from hallmark.results.models import DifDecision, DifReview, ScoringRun
from hallmark.results.reports import Distribution, distribution
from hallmark.results.run_figures import attempt_pass_rates, form_pass_rates, item_points

REVIEWS_DIF = staff_permission("results.review_dif")
SEES_RESULTS = staff_permission("results.view_all_results")


@REVIEWS_DIF
def dif_queue(request: HttpRequest) -> HttpResponse:
    flagged = dif_review.queue()
    context = {
        "waiting": [f for f in flagged if f.review is None],
        "decided": [f for f in flagged if f.review is not None],
    }
    return render(request, "results/dif_queue.html", context)


@REVIEWS_DIF
@require_http_methods(["GET", "POST"])
def dif_item(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    run = get_object_or_404(ScoringRun.objects.select_related("window", "form"), pk=pk)
    form_item = get_object_or_404(
        FormItem.objects.select_related("item_version__item"), form=run.form, position=position
    )
    if request.method == "POST":
        if not isinstance(request.user, User):
            raise PermissionDenied
        try:
            dif_review.decide_dif(
                run,
                form_item,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            show_refusal(request, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"DIF decision recorded for item {position}.")
        return redirect("results:dif-item", run.pk, position)
    context = {
        "run": run,
        "form_item": form_item,
        "rows": dif_review.item_rows(run, position),
        "flagged": position in c_positions(run),
        "min_group": run.analysis.get("dif", {}).get("min_group"),
        "history": DifReview.objects.filter(form_item=form_item).select_related("by", "run"),
        "decisions": DifDecision.choices,
    }
    return render(request, "results/dif_item.html", context)


CHARTS = ("distribution", "pass-rates", "items")


@SEES_RESULTS
def run_chart(request: HttpRequest, pk: int, chart: str) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404(f"No chart {chart!r}: {', '.join(CHARTS)}.")
    run = get_object_or_404(ScoringRun.objects.select_related("window", "form"), pk=pk)
    from hallmark.results import charts  # matplotlib: loaded when a chart is drawn

    if chart == "distribution":
        title = f"Raw-score distribution of {run.form.code}, run {run.number}, with the cut"
        svg = charts.distribution_svg(distribution(run), int(run.rules["raw_cut"]), title)
    elif chart == "pass-rates":
        title = f"Pass rates of {run.window.name} by form and by attempt"
        by_attempt = attempt_pass_rates(distribution(run))
        svg = charts.pass_rates_svg(form_pass_rates(run), by_attempt, title)
    else:
        title = f"Item p and r of {run.form.code}, run {run.number}"
        svg = charts.items_svg(item_points(run), title)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def run_context(run: ScoringRun, dist: Distribution) -> dict[str, Any]:
    """What the run's page adds: consistency at the cut, the DIF summary, the pass rates."""
    dif = run.analysis.get("dif", {})
    return {
        "consistency": run.analysis.get("consistency", {}),
        "dif": dif,
        "dif_flagged": dif_review.flagged_in(run) if dif.get("comparisons") else [],
        "not_analysed": [labels(v)[0] for v in dif.get("not_analysed", [])],
        "form_rates": form_pass_rates(run),
        "attempt_rates": attempt_pass_rates(dist),
    }
