"""Staff's downloads of a study's report, as PDF and as JSON, for those who may see the study.
The report holds aggregate figures and the panel's decisions, never an address."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from hallmark.accounts.access import staff_permission
from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.report import StudyReport, study_report
from hallmark.jobanalysis.report_document import file_name, report_json, report_pdf

SEES_STUDY = staff_permission("jobanalysis.view_study")


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report(pk: int) -> StudyReport | HttpResponse:
    study = get_object_or_404(Study.objects.select_related("program", "draft_outline"), pk=pk)
    try:
        return study_report(study)
    except ValidationError as error:
        text = "No report: " + " ".join(error.messages)
        return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")


@SEES_STUDY
def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    if isinstance(report, HttpResponse):
        return report
    return _download(report_pdf(report), "application/pdf", file_name(report, "pdf"))


@SEES_STUDY
def report_json_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    if isinstance(report, HttpResponse):
        return report
    return _download(report_json(report), "application/json", file_name(report, "json"))
