"""The technical report's staff pages: the programs, a program's report for a period (the same
content as the PDF), and the job that writes its PDF and JSON for download from the job's page.
Aggregate figures only: no candidate, no result and no group smaller than the program's minimum
appears, so a download is not a confidential export and is not recorded in the access record."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hallmark.accounts.access import staff_permission
from hallmark.lib.views import AuthenticatedHttpRequest
from hallmark.programs.models import Program
from hallmark.results import jobs
from hallmark.results.data import RunStatus
from hallmark.results.models import ScoringRun
from hallmark.results.technical import ReportRefused, TechnicalReport, date_of, technical_report
from hallmark.results.technical_document import context

SEES_REPORT = staff_permission("results.view_technical_report")


def _programs() -> list[Program]:
    released = ScoringRun.objects.filter(status=RunStatus.RELEASED)
    ids = released.values_list("window__program_id", flat=True)
    return list(Program.objects.filter(pk__in=ids).order_by("designation"))


def _report(request: HttpRequest, designation: str) -> TechnicalReport:
    program = get_object_or_404(Program, designation__iexact=designation)
    start = date_of(request.GET.get("from"), "from")
    end = date_of(request.GET.get("to"), "to")
    return technical_report(program, start, end)


def _refused(request: HttpRequest, error: ReportRefused) -> HttpResponse:
    context = {"programs": _programs(), "refusal": f"No report: {error}."}
    return render(request, "results/technical_reports.html", context, status=400)


@SEES_REPORT
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "results/technical_reports.html", {"programs": _programs()})


@SEES_REPORT
def report(request: HttpRequest, designation: str) -> HttpResponse:
    try:
        made = _report(request, designation)
    except ReportRefused as error:
        return _refused(request, error)
    return render(request, "results/technical_report.html", context(made))


@require_POST
@SEES_REPORT
def make(request: AuthenticatedHttpRequest, designation: str) -> HttpResponse:
    """Start the job that writes the report's PDF and JSON; its page offers both."""
    program = get_object_or_404(Program, designation__iexact=designation)
    try:
        start = date_of(request.POST.get("from"), "from")
        end = date_of(request.POST.get("to"), "to")
        job = jobs.start_report(program, start, end, by=request.user)
    except ReportRefused as error:
        return _refused(request, error)
    return redirect("job", job.pk)
