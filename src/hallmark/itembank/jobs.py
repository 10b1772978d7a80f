"""Importing an item file too large for a page to wait for, as a background job.

The page stores the upload on the job (`hallmark.accounts.jobs.keep`) and a worker imports it,
all or nothing as on the page: a refused file fails the job with every problem, one a line. The
task re-checks that the starter may still import (with statuses, if asked), and records the
items on the job in the transaction that makes them, so a rerun never imports them twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, User
from hallmark.itembank import transfer
from hallmark.itembank.data import InterchangeFormat
from hallmark.lib.permissions import need
from hallmark.programs.models import Program


@transaction.atomic
def start_import(
    program: Program,
    data: bytes,
    fmt: str,
    *,
    name: str,
    by: User,
    keep_status: bool,
    skip_unsupported: bool = False,
) -> Job:
    """Record an import job with its file; the worker takes it once this commits."""
    need(by, "itembank.import_item", "import items")
    if keep_status:
        need(by, "itembank.import_with_status", "import items with their statuses")
    job = jobs.start(
        JobKind.IMPORT_ITEMS,
        import_file,
        by=by,
        scope=program.designation,
        arguments={
            "program": program.pk,
            "format": fmt,
            "file": name,
            "keep_status": keep_status,
            "skip_unsupported": skip_unsupported,
        },
        steps=2,
    )
    jobs.keep(job, name, transfer.CONTENT_TYPES[InterchangeFormat(fmt)], data, made=False)
    return job


@task()
def import_file(job_pk: int) -> int | None:
    """Run one import job: how many items it imported, or None if it imported none this time."""
    job = jobs.claim(job_pk)
    if job is None:
        return None
    imported = None
    with jobs.failures_recorded(job):
        imported = _import(job)
    return imported


def _import(job: Job) -> int:
    arguments = job.arguments
    program = Program.objects.get(pk=arguments["program"])
    name = arguments["file"]
    jobs.progress(job, f"Checking and importing {name}", 1)
    with transaction.atomic():
        try:
            items = transfer.import_items(
                program,
                jobs.upload(job),
                arguments["format"],
                job.started_by,
                keep_status=arguments["keep_status"],
                skip_unsupported=arguments.get("skip_unsupported", False),
            )
        except transfer.ImportRefused as refused:
            raise ValidationError([p.line(name) for p in refused.problems]) from refused
        listed = reverse("itembank:list") + f"?program={program.designation}"
        done = f"Done: {len(items)} items imported from {name}"
        if items.skipped:
            done += f", {len(items.skipped)} unsupported skipped"
        skipped = [p.line(name) for p in items.skipped]
        jobs.finish(job, done, {"items": len(items), "url": listed, "skipped": skipped})
    return len(items)
