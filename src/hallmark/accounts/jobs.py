"""Jobs: long work a person starts from a page and a worker runs, with its progress on record.

`start` writes the job in the caller's transaction and enqueues its task after the commit; the
task takes only the job's pk and reads the arguments from the job. The task `claim`s the job,
records its `progress`, and ends it with `finish` (inside the transaction that saves what it
made) or with the reasons it failed (`failures_recorded`).

Every run is idempotent: a finished job is never claimed again, and `finish` refuses a job that
another run finished first, so that run's work rolls back. A job whose worker died mid-way shows
no progress: after `STALLED` staff `rerun` it, and it starts again from the top.

A job's files (`keep`) are rows of the database, so that any worker reads the upload a web
server stored, and the job's page offers what it made for download.
"""

import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

from hallmark.accounts.data import JobKind, JobState
from hallmark.accounts.models import Job, JobFile, User

# The longest job (an assembly's 10-minute time limit) reports progress well within this.
STALLED = datetime.timedelta(minutes=20)
WAITING = "Waiting for a worker"
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


class JobFinished(Exception):
    """Another run finished this job first: what this run made is rolled back."""


def start(
    kind: JobKind,
    task: Task[[int], Any],
    *,
    by: User,
    scope: str,
    arguments: dict[str, Any],
    steps: int,
) -> Job:
    """Record a job and enqueue its task once the current transaction commits."""
    job = Job.objects.create(
        kind=kind, scope=scope, started_by=by, arguments=arguments, step=WAITING, steps=steps
    )
    transaction.on_commit(partial(_enqueue, task, job.pk), robust=True)
    return job


def _enqueue(task: Task[[int], Any], pk: int) -> None:
    queued = task.enqueue(pk)
    Job.objects.filter(pk=pk).update(task_result_id=queued.id)


def keep(job: Job, name: str, content_type: str, data: bytes, *, made: bool) -> JobFile:
    """Store a file of the job: an upload it reads (`made` false) or a file it made."""
    return JobFile.objects.create(
        job=job,
        name=name,
        content_type=content_type,
        made=made,
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def upload(job: Job) -> bytes:
    """The file the job was given to work on."""
    return bytes(JobFile.objects.get(job=job, made=False).data)


def stalled(job: Job) -> bool:
    """An unfinished job without progress for `STALLED`: its worker stopped mid-way."""
    return job.state in UNFINISHED and job.updated_at < timezone.now() - STALLED


def rerun(job: Job, task: Task[[int], Any]) -> Job:
    """Enqueue a stalled job's task again (after the commit); what it made is never made twice."""
    if job.finished:
        raise ValidationError(
            f"Job {job.pk} is {job.get_state_display().lower()}: it is not run again."
        )
    if not stalled(job):
        raise ValidationError(
            f"Job {job.pk} made progress at {job.updated_at:%H:%M:%S} UTC: it is still running; "
            f"a job is run again after {STALLED.seconds // 60} minutes without progress."
        )
    transaction.on_commit(partial(_enqueue, task, job.pk), robust=True)
    return job


def claim(pk: int) -> Job | None:
    """Take a job to run, or None when it is finished (done or failed: nothing to do)."""
    taken = Job.objects.filter(pk=pk, state__in=UNFINISHED).update(
        state=JobState.RUNNING, updated_at=timezone.now()
    )
    return Job.objects.select_related("started_by").get(pk=pk) if taken else None


def progress(job: Job, step: str, steps_done: int) -> None:
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        step=step, steps_done=steps_done, updated_at=timezone.now()
    )


def finish(job: Job, step: str, result: dict[str, Any]) -> None:
    """Record what the job made; call it in the transaction that made it."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.finished:
        raise JobFinished(f"Job {job.pk} is already {locked.state}.")
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        step=step,
        steps_done=locked.steps,
        result=result,
        updated_at=now,
        finished_at=now,
    )


def _end_failed(job: Job, reasons: list[str]) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.FAILED,
        step="Failed",
        error="\n".join(reasons),
        updated_at=now,
        finished_at=now,
    )


@contextmanager
def failures_recorded(job: Job) -> Iterator[None]:
    """End the job as failed, with the reasons in words, when the work in the block refuses.

    A refusal (ValidationError, PermissionDenied) is the job's outcome; any other error is
    recorded and raised again, for the queue's record of the task to keep its traceback.
    """
    try:
        yield
    except ValidationError as refusal:
        _end_failed(job, refusal.messages)
    except PermissionDenied as refusal:
        _end_failed(job, [str(refusal)])
    except JobFinished:
        pass
    except Exception as error:
        _end_failed(job, [f"Stopped by an error ({type(error).__name__}): {error}"])
        raise
