"""The technical report's staff pages: the programs, a program's report for a period (the same
content as the PDF), and its PDF and JSON downloads. Aggregate figures only: no candidate, no
result and no group smaller than the program's minimum appears, so a download is not a
confidential export and is not recorded in the access record."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hallmark.accounts.access import staff_permission
from hallmark.programs.models import Program
from hallmark.results.data import RunStatus
from hallmark.results.models import ScoringRun
from hallmark.results.technical import ReportRefused, TechnicalReport, date_of, technical_report
from hallmark.results.technical_document import (
    context,
    file_name,
    technical_report_pdf,
)

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


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@SEES_REPORT
def report_pdf(request: HttpRequest, designation: str) -> HttpResponse:
    try:
        made = _report(request, designation)
    except ReportRefused as error:
        return _refused(request, error)
    return _download(technical_report_pdf(made), "application/pdf", file_name(made, "pdf"))


@SEES_REPORT
def report_json(request: HttpRequest, designation: str) -> HttpResponse:
    try:
        made = _report(request, designation)
    except ReportRefused as error:
        return _refused(request, error)
    text = json.dumps(made.as_json(), indent=2, ensure_ascii=False)
    return _download(text.encode(), "application/json", file_name(made, "json"))
