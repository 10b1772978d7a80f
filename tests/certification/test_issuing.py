"""Issuing a release's approved decisions in batches: at once when few, else as a job whose
batches are each all or nothing, never issue a decision twice, and finish after a worker died."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind, JobState
from hallmark.accounts.models import Job, SentMessage
from hallmark.certification import issuance, issuing, services
from hallmark.certification.audit import chain_problem
from hallmark.certification.daily import run as certification_daily
from hallmark.certification.data import CredentialStatus, DecisionStatus
from hallmark.certification.models import CertificationDecision, Credential, StatusEntry
from hallmark.certification.verification import verify_document
from hallmark.programs.models import Program
from hallmark.results.signals import ReleasedPass

from factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return ProgramFactory(designation="CESP", issue_automatically=True)


@pytest.fixture
def batches(monkeypatch, settings):
    """Releases too big to issue at once, in batches of two."""
    settings.ISSUE_AT_ONCE_UP_TO = 0
    monkeypatch.setattr(issuing, "BATCH_SIZE", 2)


def approve(program, count):
    """`count` released passes the program approved, waiting to be issued."""
    passes = [
        ReleasedPass(UserFactory(), program.today(), "Passed the May window", None)
        for _ in range(count)
    ]
    assert services.decide_released(program, passes) == []
    return list(CertificationDecision.objects.filter(program=program).order_by("pk"))


def serial(credential):
    return int(credential.number.split("-")[1])


def issued(program):
    return Credential.objects.filter(program=program)


def test_an_approved_decision_waits_for_the_release_to_issue_it(program) -> None:
    (decision,) = approve(program, 1)
    assert decision.status == DecisionStatus.APPROVED and decision.credential is None
    with pytest.raises(ValidationError, match="approved and its credential is being issued"):
        services.decide_certification(
            decision.candidate, program, passed_on=program.today(), source="Again"
        )
    assert issuing.issue_released(program, by=UserFactory()) is None  # few: issued at once
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert (
        decision.credential.events.get().reason == "Certification decision: Passed the May window"
    )


def test_a_big_release_is_issued_by_a_job_in_batches(
    program, batches, django_capture_on_commit_callbacks, cast
) -> None:
    decisions = approve(program, 5)
    with django_capture_on_commit_callbacks(execute=True):
        job = issuing.issue_released(program, by=cast.psychometrician)
    job.refresh_from_db()
    assert (job.kind, job.state, job.steps_done, job.steps) == (
        JobKind.ISSUE_CREDENTIALS,
        JobState.DONE,
        5,
        5,
    )
    assert job.result == {"issued": 5} and job.started_by == cast.psychometrician
    credentials = list(issued(program).order_by("number"))
    serials = [serial(c) for c in credentials]
    assert serials == [1, 2, 3, 4, 5]
    assert {
        d.credential for d in CertificationDecision.objects.filter(pk__in=[d.pk for d in decisions])
    } == set(credentials)
    for credential in credentials:
        assert chain_problem(credential) is None
        assert verify_document(credential.current_document().document).result.valid
        assert credential.cycles.get().expires_on == credential.expires_on
    indexes = StatusEntry.objects.values_list("index", flat=True)
    assert len(set(indexes)) == 5
    # The holders' mail is queued in each batch and sent by one task per batch.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.candidate.email for d in decisions)


class WorkerKilled(BaseException):
    """What a killed worker looks like to the code it ran: nothing after it runs."""


def test_a_worker_killed_mid_batch_leaves_nothing_half_issued_and_a_rerun_finishes(
    program, batches, django_capture_on_commit_callbacks, cast, monkeypatch
) -> None:
    decisions = approve(program, 5)
    signed = []
    real_sign = issuance.sign_credential

    def dies_on_the_fourth(*args, **kwargs):
        signed.append(1)
        if len(signed) == 4:
            raise WorkerKilled
        return real_sign(*args, **kwargs)

    monkeypatch.setattr(issuance, "sign_credential", dies_on_the_fourth)
    with django_capture_on_commit_callbacks(execute=True):
        job = issuing.issue_released(program, by=cast.psychometrician)
    job.refresh_from_db()
    # Batches one and three were issued; the second died whole: no credential, no event, no
    # mail, its decisions still approved. The job stays running, as a dead worker leaves it.
    assert issued(program).count() == 3 and job.state == JobState.RUNNING
    waiting = CertificationDecision.objects.filter(status=DecisionStatus.APPROVED)
    assert set(waiting) == set(decisions[2:4])
    assert SentMessage.objects.count() == 3
    # After the job stalls, staff run it again: it issues what is left, once.
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.rerun(job, issuing.issue_credentials)
    job.refresh_from_db()
    assert job.state == JobState.DONE and issued(program).count() == 5
    assert not CertificationDecision.objects.filter(status=DecisionStatus.APPROVED).exists()
    assert all(chain_problem(c) is None for c in issued(program))
    # The batch that died had taken its numbers: they are a gap, never reused.
    serials = sorted(serial(c) for c in issued(program))
    assert serials == [1, 2, 5, 6, 7]


def test_a_batch_run_twice_issues_nothing_twice(program, batches, cast) -> None:
    decisions = approve(program, 2)
    job = jobs.start(
        JobKind.ISSUE_CREDENTIALS,
        issuing.issue_credentials,
        by=cast.psychometrician,
        scope=program.designation,
        arguments={"program": program.pk},
        steps=2,
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    pks = [d.pk for d in decisions]
    assert issuing.issue_batch.call(job.pk, pks) == 2
    assert issuing.issue_batch.call(job.pk, pks) == 0
    assert issued(program).count() == 2


def test_two_big_releases_of_one_program_never_count_past_their_jobs_steps(
    program, batches, cast
) -> None:
    def release(count):
        approve(program, count)
        return issuing.issue_released(program, by=cast.psychometrician)

    # The second release approves before the first job splits: that job takes all six.
    first, second = release(3), release(3)
    assert issuing.issue_credentials.call(first.pk) == 3  # batches of two
    first.refresh_from_db()
    assert (first.state, first.steps_done, first.steps) == (JobState.DONE, 6, 6)
    assert first.result == {"issued": 6}
    assert issuing.issue_credentials.call(second.pk) == 0
    second.refresh_from_db()
    assert (second.state, second.step, second.steps_done, second.steps) == (
        JobState.DONE,
        "Done: 0 credentials issued",
        0,
        0,
    )
    assert issued(program).count() == 6


def test_a_holder_who_holds_the_credential_by_now_goes_back_to_an_officer(program) -> None:
    (decision,) = approve(program, 1)
    # Issued meanwhile by another way (an officer's confirmation of another pass, say).
    held = issuance.issue([issuance.Award(decision.candidate, program, program.today(), "Other")])
    assert issuing.issue_decisions([decision.pk]) == 0
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PENDING
    assert (
        decision.reason
        == f"Not issued automatically: {decision.candidate.email} holds {held[0].number} now."
    )
    assert held[0].status == CredentialStatus.ACTIVE


def test_what_a_stopped_job_left_is_issued_daily(program, batches, cast) -> None:
    approve(program, 3)
    stalled = jobs.start(
        JobKind.ISSUE_CREDENTIALS,
        issuing.issue_credentials,
        by=cast.psychometrician,
        scope=program.designation,
        arguments={"program": program.pk},
        steps=3,
    )
    assert issuing.issue_left(program) == 0  # the job may still run
    Job.objects.filter(pk=stalled.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    said = certification_daily(timezone.now())
    assert "certification: 3 credentials issued that a stopped job left" in said
    assert issued(program).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_a_batch_skips_only_the_decisions_another_batch_holds(program) -> None:
    first, second = approve(program, 2)
    with transaction.atomic():
        allocation = issuance.allocate(program, 1)
    # Another worker's batch, mid-transaction: it holds its decision, and the credentials it
    # inserted hold the program's key (as a foreign key's check does).
    other = connection.copy()
    other.set_autocommit(False)
    try:
        with other.cursor() as cursor:
            for model, pk, lock in (
                (CertificationDecision, first.pk, "UPDATE"),
                (Program, program.pk, "KEY SHARE"),
            ):
                table = model._meta.db_table
                cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR {lock}", [pk])
        with transaction.atomic():
            assert issuing.issue_decisions([first.pk, second.pk], allocation) == 1
    finally:
        other.rollback()
        other.close()
    assert list(issued(program)) == [CertificationDecision.objects.get(pk=second.pk).credential]
