"""Issuing a release's approved certification decisions.

A release approves the decisions of a program that issues automatically (`decide_released`)
and then has them issued here: a few at once, in the release's
own transaction; more than `settings.ISSUE_AT_ONCE_UP_TO` as a job ("Issue credentials") whose
batches any number of workers take at the same time.

Each batch is one transaction that issues its decisions whole or not at all, so a worker killed
mid-batch leaves no half-issued credential; a batch re-reads which of its decisions are still
approved, so a rerun (or two jobs over the same decisions) never issues one twice. Whatever a
stopped job left approved, `hallmark daily` issues.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Least
from django.utils import timezone
from django_tasks import task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind, JobState
from hallmark.accounts.models import Job, User
from hallmark.certification import issuance, services
from hallmark.certification.data import DecisionStatus
from hallmark.certification.models import CertificationDecision
from hallmark.lib.chunks import chunks
from hallmark.programs.models import Program

BATCH_SIZE = 250
# Issuing is what a release waits for; the holders' mail it queues can follow.
PRIORITY = 10


def approved(program: Program) -> QuerySet[CertificationDecision]:
    return CertificationDecision.objects.filter(program=program, status=DecisionStatus.APPROVED)


def issue_released(program: Program, *, by: User) -> Job | None:
    """Issue the program's approved decisions: at once when they are few (None), else start
    the job that issues them after the caller's transaction commits."""
    count = approved(program).count()
    if not count:
        return None
    if count <= settings.ISSUE_AT_ONCE_UP_TO:
        issue_decisions(list(approved(program).values_list("pk", flat=True)))
        return None
    return jobs.start(
        JobKind.ISSUE_CREDENTIALS,
        issue_credentials,
        by=by,
        scope=program.designation,
        arguments={"program": program.pk},
        steps=count,
    )


def issue_decisions(pks: list[int], allocation: issuance.Allocation | None = None) -> int:
    """Issue those of the decisions that are still approved, in the caller's transaction.

    A holder who holds a current credential of the program by now gets none: the decision goes
    back to an officer, saying why. Returns how many credentials were issued.
    """
    decisions = list(
        # Only the decisions' rows: locking the joined program would make every other batch
        # of the program skip all of its own.
        CertificationDecision.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=pks, status=DecisionStatus.APPROVED)
        .select_related("candidate", "program")
        .order_by("pk")
    )
    if not decisions:
        return 0
    program = decisions[0].program
    today = program.today()
    awards = {
        d.pk: issuance.Award(d.candidate, program, today, services.decision_reason(d.source))
        for d in decisions
    }
    held = issuance.current_holdings(list(awards.values()))
    to_issue = [d for d in decisions if (d.candidate_id, program.pk) not in held]
    for decision in decisions:
        current = held.get((decision.candidate_id, program.pk))
        if current is not None:
            _back_to_officer(decision, current.number)
    credentials = issuance.issue([awards[d.pk] for d in to_issue], allocation)
    now = timezone.now()
    for decision, credential in zip(to_issue, credentials, strict=True):
        decision.status, decision.credential, decision.resolved_at = (
            DecisionStatus.ISSUED,
            credential,
            now,
        )
    CertificationDecision.objects.bulk_update(to_issue, ["status", "credential", "resolved_at"])
    return len(credentials)


def _back_to_officer(decision: CertificationDecision, number: str) -> None:
    decision.status, decision.resolved_at = DecisionStatus.PENDING, None
    decision.reason = f"Not issued automatically: {decision.candidate.email} holds {number} now."
    decision.save(update_fields=["status", "resolved_at", "reason"])


@task(priority=PRIORITY)
def issue_credentials(job_pk: int) -> int:
    """Split the program's approved decisions into batches, one task each; return how many."""
    job = jobs.claim(job_pk)
    if job is None:
        return 0
    with jobs.failures_recorded(job):
        pks = list(approved(_program(job)).order_by("pk").values_list("pk", flat=True))
        batches = list(chunks(pks, BATCH_SIZE))
        # The job counts what it splits now: another release's decisions of the program,
        # approved meanwhile, or fewer (none) when another job issued some first.
        Job.objects.filter(pk=job.pk).update(
            step=f"Issuing credentials in {len(batches):,} batches",
            steps=F("steps_done") + len(pks),
            updated_at=timezone.now(),
        )
        if not pks:
            job.refresh_from_db()
            _finish(job)
            return 0
        for batch in batches:
            issue_batch.enqueue(job.pk, list(batch))
        return len(batches)
    return 0


@task(priority=PRIORITY)
def issue_batch(job_pk: int, pks: list[int]) -> int:
    """Issue one batch of a job: numbers and status places taken in a short transaction, then
    the credentials signed and written in one transaction; the job done when none is left."""
    job = Job.objects.select_related("started_by").get(pk=job_pk)
    if job.finished:
        return 0
    with jobs.failures_recorded(job):
        program = _program(job)
        waiting = approved(program).filter(pk__in=pks).count()
        with transaction.atomic():
            allocation = issuance.allocate(program, waiting)
        with transaction.atomic():
            issued = issue_decisions(pks, allocation)
        # Capped at the steps (a check constraint): the credentials are committed by now, and
        # a miscount must not fail the job that issued them.
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            steps_done=Least(F("steps_done") + issued, F("steps")), updated_at=timezone.now()
        )
        if not approved(program).exists():
            job.refresh_from_db()
            _finish(job)
        return issued
    return 0


def _program(job: Job) -> Program:
    return Program.objects.get(pk=job.arguments["program"])


def _finish(job: Job) -> None:
    with transaction.atomic():
        jobs.finish(job, f"Done: {job.steps_done:,} credentials issued", {"issued": job.steps_done})


def issue_left(program: Program) -> int:
    """Issue, batch by batch, what stopped jobs left approved (`hallmark daily`); how many.
    Nothing while a job of the program is still making progress: it will."""
    running = Job.objects.filter(
        kind=JobKind.ISSUE_CREDENTIALS, scope=program.designation, state__in=jobs.UNFINISHED
    )
    if any(not jobs.stalled(job) for job in running):
        return 0
    issued = 0
    pks = list(approved(program).order_by("pk").values_list("pk", flat=True))
    for batch in chunks(pks, BATCH_SIZE):
        with transaction.atomic():
            issued += issue_decisions(list(batch))
    return issued
