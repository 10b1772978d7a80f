"""The jobs' pages, under /jobs/: the recent jobs a person may follow, one job's page (state,
progress, who started it, what it made or why it failed, its files), its rerun and downloads.

Each kind of job is seen by the holders of the permission that starts it, and its page shows
its outcome with the kind's own template; the tasks live with the apps that own the work.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tasks.base import Task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, JobFile
from hallmark.certification import issuing
from hallmark.exams.forms import jobs as assembly
from hallmark.itembank import jobs as item_import
from hallmark.lib.views import refusal_shown
from hallmark.results import jobs as results_jobs
from hallmark.results import release_job

RECENT = 50


@dataclass(frozen=True)
class Kind:
    """What staff need to follow one kind of job."""

    permissions: tuple[str, ...]  # any one of them
    task: Task[[int], Any]
    outcome: str  # the template of what a finished job made
    asked: Callable[[dict[str, Any]], str]  # the arguments, in words


def _assembly(arguments: dict[str, Any]) -> str:
    n = arguments["n_forms"]
    return (
        f"{n} form{'s' if n != 1 else ''}, objective {arguments['objective']}, "
        f"seed {arguments['seed']}, time limit {arguments['time_limit']} s"
    )


KINDS: dict[str, Kind] = {
    JobKind.ASSEMBLE_FORMS: Kind(
        ("exams.assemble_form",), assembly.assemble_forms, "exams/forms/job_outcome.html", _assembly
    ),
    JobKind.SCORE_FORM: Kind(
        (results_jobs.SCORE_PERMISSION,),
        results_jobs.score_form,
        "results/job_scoring.html",
        lambda a: "a held run of every submitted session and vendor record",
    ),
    JobKind.RELEASE_RESULTS: Kind(
        ("results.release_results",),
        release_job.release_results,
        "results/job_release.html",
        lambda a: "every held run of the window, released as its candidates' results",
    ),
    # Followed by those who release (the issuing is their release's) and by the officers who
    # issue credentials otherwise.
    JobKind.ISSUE_CREDENTIALS: Kind(
        ("results.release_results", "certification.issue_credential"),
        issuing.issue_credentials,
        "certification/job_issuing.html",
        lambda a: "the credentials of the release's approved certification decisions",
    ),
    JobKind.TECHNICAL_REPORT: Kind(
        (results_jobs.REPORT_PERMISSION,),
        results_jobs.make_report,
        "results/job_report.html",
        lambda a: f"windows closing from {a['from']} to {a['to']}, as PDF and JSON",
    ),
    JobKind.IMPORT_ITEMS: Kind(
        ("itembank.import_item",),
        item_import.import_file,
        "itembank/job_import.html",
        lambda a: (
            f"{a['file']} ({a['format'].upper()})"
            + (", keeping its statuses" if a["keep_status"] else ", as drafts")
        ),
    ),
}


def _follows(request: HttpRequest, kind: Kind) -> bool:
    return any(request.user.has_perm(permission) for permission in kind.permissions)


def _visible_kinds(request: HttpRequest) -> list[str]:
    return [name for name, kind in KINDS.items() if _follows(request, kind)]


def _job(request: HttpRequest, pk: int) -> Job:
    """The job, for someone who may start its kind (403 otherwise; 404 when there is none)."""
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if not _follows(request, KINDS[job.kind]):
        raise PermissionDenied
    return job


def _signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in people only (the anonymous: the sign-in page); each view checks the kind."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@_signed_in
def job_list(request: HttpRequest) -> HttpResponse:
    kinds = _visible_kinds(request)
    if not kinds:
        raise PermissionDenied
    recent = Job.objects.filter(kind__in=kinds).select_related("started_by")[:RECENT]
    return render(request, "hallmark/jobs.html", {"jobs": recent})


@_signed_in
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    kind = KINDS[job.kind]
    context = {
        "job": job,
        "asked": kind.asked(job.arguments),
        "outcome": kind.outcome,
        "files": job.files.filter(made=True).only("name", "size").order_by("name"),
        "stalled": jobs.stalled(job),
    }
    return render(request, "hallmark/job.html", context)


@require_POST
@_signed_in
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    with refusal_shown(request):
        jobs.rerun(job, KINDS[job.kind].task)
        messages.success(request, "The job is queued again.")
    return redirect("job", pk=job.pk)


@_signed_in
def job_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A file the job made; never the upload it was given (an item file holds keys)."""
    job = _job(request, pk)
    made = get_object_or_404(JobFile, job=job, name=name, made=True)
    response = HttpResponse(bytes(made.data), content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    response["Cache-Control"] = "private, no-store"
    return response
