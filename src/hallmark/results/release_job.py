"""Releasing a window's results from its page as a background job.

A national window's release writes every candidate's outcome and message and a certification
decision for every pass: minutes, not a page's wait. The page checks at once what would refuse
the release (so the psychometrician reads why on the page) and starts the job; the worker
releases in one transaction and records the job done in it, so a worker killed mid-way leaves
nothing released and a rerun releases whole, and a finished job never releases twice.
"""

from django.db import transaction
from django_tasks import task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, User
from hallmark.exams.models import TestingWindow
from hallmark.results import services


def start_release(window: TestingWindow, *, by: User) -> Job:
    """Check that the window's held runs can be released and start the job that releases them."""
    services.releasable_runs(window, by=by)
    return jobs.start(
        JobKind.RELEASE_RESULTS,
        release_results,
        by=by,
        scope=window.name[:100],
        arguments={"window": window.pk},
        steps=1,
    )


@task()
def release_results(job_pk: int) -> list[int] | None:
    """Release the job's window as the person who started it; the runs released."""
    job = jobs.claim(job_pk)
    if job is None:
        return None
    released: list[int] = []
    with jobs.failures_recorded(job):
        window = TestingWindow.objects.get(pk=job.arguments["window"])
        with transaction.atomic():
            runs = services.release(window, by=job.started_by)
            released = [run.pk for run in runs]
            jobs.finish(job, f"Released {len(runs)} run(s)", {"runs": released})
    return released or None
