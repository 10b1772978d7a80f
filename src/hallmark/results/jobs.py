"""Scoring a window's form and making a technical report, as background jobs.

The page only records the job; a worker runs it (`hallmark.accounts.jobs`). Each task re-reads
the job's arguments, re-checks that its starter may still do the work, and records what it made
on the job in the transaction that makes it: a rerun of a finished job does nothing, and a rerun
after a worker died mid-way scores (or writes) again from the top, never twice.
"""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django_tasks import task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, User
from hallmark.exams.models import Form, TestingWindow
from hallmark.lib.permissions import need
from hallmark.programs.models import Program
from hallmark.results import services
from hallmark.results.technical import ReportRefused, period_of, technical_report
from hallmark.results.technical_document import file_name, technical_report_pdf

SCORE_PERMISSION = "results.score_window"
REPORT_PERMISSION = "results.view_technical_report"


# --- scoring ----------------------------------------------------------------------------------


def scoring_jobs(window: TestingWindow) -> QuerySet[Job]:
    """The jobs that score a form of `window`, the newest first."""
    return Job.objects.filter(kind=JobKind.SCORE_FORM, arguments__window=window.pk)


def start_scoring(window: TestingWindow, form: Form, *, by: User) -> Job:
    """Record a job that scores `form` in `window`; while one is queued or running for the same
    form and window, that one is returned instead: a second click does not score twice."""
    need(by, SCORE_PERMISSION, f"score {window}")
    if not window.forms.filter(pk=form.pk).exists():
        raise ValidationError(f"{form} is not a form of {window}.")
    unfinished = scoring_jobs(window).filter(arguments__form=form.pk, state__in=jobs.UNFINISHED)
    if (running := unfinished.first()) is not None:
        return running
    return jobs.start(
        JobKind.SCORE_FORM,
        score_form,
        by=by,
        scope=f"{form.code} in {window.name}"[:100],
        arguments={"window": window.pk, "form": form.pk},
        steps=2,
    )


@task()
def score_form(job_pk: int) -> int | None:
    """Run one scoring job: the pk of the run it made, or None if it made none this time."""
    job = jobs.claim(job_pk)
    if job is None:
        return None
    run_pk = None
    with jobs.failures_recorded(job):
        run_pk = _score(job)
    return run_pk


def _score(job: Job) -> int:
    window = TestingWindow.objects.get(pk=job.arguments["window"])
    form = Form.objects.get(pk=job.arguments["form"])
    jobs.progress(job, f"Scoring every submitted session and vendor record of {form.code}", 1)
    with transaction.atomic():
        run = services.score_window(window, form, by=job.started_by)
        count = run.results.count()
        made = {
            "pk": run.pk,
            "number": run.number,
            "results": count,
            "url": reverse("results:run", args=[run.pk]),
        }
        jobs.finish(job, f"Done: run {run.number} of {form.code}, {count} results, held", made)
    return run.pk


# --- the technical report ---------------------------------------------------------------------


def start_report(
    program: Program, start: datetime.date | None, end: datetime.date | None, *, by: User
) -> Job:
    """Record a job that writes `program`'s technical report (PDF and JSON) for the period,
    its dates fixed now (by default the twelve months that end today) so a rerun writes the
    same report."""
    need(by, REPORT_PERMISSION, "make a technical report")
    period = period_of(program, start, end)
    return jobs.start(
        JobKind.TECHNICAL_REPORT,
        make_report,
        by=by,
        scope=f"{program.designation} {period.start} to {period.end}",
        arguments={
            "program": program.pk,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        },
        steps=3,
    )


@task()
def make_report(job_pk: int) -> list[str] | None:
    """Run one report job: the names of the files it stored, or None if it stored none."""
    job = jobs.claim(job_pk)
    if job is None:
        return None
    names = None
    with jobs.failures_recorded(job):
        names = _report(job)
    return names


def _report(job: Job) -> list[str]:
    need(job.started_by, REPORT_PERMISSION, "make a technical report")
    program = Program.objects.get(pk=job.arguments["program"])
    start = datetime.date.fromisoformat(job.arguments["from"])
    end = datetime.date.fromisoformat(job.arguments["to"])
    jobs.progress(job, "Computing the figures of every form", 1)
    try:
        report = technical_report(program, start, end)
    except ReportRefused as refused:
        raise ValidationError(f"No report: {refused}.") from refused
    jobs.progress(job, "Writing the PDF", 2)
    pdf = technical_report_pdf(report)
    figures = json.dumps(report.as_json(), indent=2, ensure_ascii=False).encode()
    files = [
        (file_name(report, "pdf"), "application/pdf", pdf),
        (file_name(report, "json"), "application/json", figures),
    ]
    with transaction.atomic():
        forms = len(report.forms)
        jobs.finish(
            job,
            f"Done: {program.designation}'s report of {forms} form{'s' if forms != 1 else ''}",
            {"files": [name for name, _, _ in files]},
        )
        for name, content_type, data in files:
            jobs.keep(job, name, content_type, data, made=True)
    return [name for name, _, _ in files]
