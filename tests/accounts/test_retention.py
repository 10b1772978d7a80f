"""The programs' retention schedules, enforced by `hallmark daily`: evidence files, responses and
messages' text past their time are removed, once, and the removal is recorded."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts import daily as accounts_daily
from hallmark.accounts import retention
from hallmark.accounts.data import RetainedKind
from hallmark.accounts.models import MESSAGES_DAYS, RetentionRecord, RetentionSchedule
from hallmark.exams import daily as exams_daily
from hallmark.exams.data import SessionEventKind
from hallmark.exams.models import Evidence, Response, SessionEvent

from factories import (
    ApprovedApplicationFactory,
    EvidenceFactory,
    ProgramFactory,
    RegistrationFactory,
    SentMessageFactory,
    scoring_ground,
    submitted_session,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def run_all(now: datetime.datetime) -> list[str]:
    """The daily work of the two apps that enforce the schedules."""
    return [*accounts_daily.run(now), *exams_daily.run(now)]


def _aged(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def test_a_program_without_a_schedule_keeps_things_for_the_defaults() -> None:
    program = ProgramFactory()
    schedule = retention.schedule_for(program.pk)
    assert schedule.cutoff(RetainedKind.EVIDENCE, NOW) == _aged(3 * 365)
    assert schedule.cutoff(RetainedKind.RESPONSES, NOW) == _aged(5 * 365)
    RetentionSchedule.objects.create(program=program, evidence_days=400)
    assert retention.schedule_for(program.pk).cutoff(RetainedKind.EVIDENCE, NOW) == _aged(400)


def test_a_schedule_keeps_everything_at_least_30_days() -> None:
    program = ProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionSchedule.objects.create(program=program, messages_days=7)


def test_the_daily_job_removes_old_evidence_files_once(django_capture_on_commit_callbacks) -> None:
    application = ApprovedApplicationFactory()
    RetentionSchedule.objects.create(program=application.program, evidence_days=100)
    old = EvidenceFactory(application=application, uploaded_at=_aged(101))
    recent = EvidenceFactory(application=application, uploaded_at=_aged(99))
    waiting = EvidenceFactory(uploaded_at=_aged(5000))  # its application is still a draft
    stored = old.file.name

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        run_all(NOW)
    old.refresh_from_db()
    assert not old.file and old.withdrawn_at is not None
    assert not old.file.storage.exists(stored)
    assert all(Evidence.objects.get(pk=e.pk).file for e in (recent, waiting))
    record = RetentionRecord.objects.get(kind=RetainedKind.EVIDENCE)
    assert (record.program, record.count, record.made_before) == (
        application.program,
        1,
        _aged(100),
    )

    run_all(NOW + datetime.timedelta(hours=1))
    assert RetentionRecord.objects.filter(kind=RetainedKind.EVIDENCE).count() == 1


def test_a_removed_evidence_file_is_a_404_not_an_error(client) -> None:
    application = ApprovedApplicationFactory()
    RetentionSchedule.objects.create(program=application.program, evidence_days=100)
    old = EvidenceFactory(application=application, uploaded_at=_aged(101))
    run_all(NOW)
    client.force_login(application.candidate)
    assert client.get(reverse("exams:evidence-file", args=[old.pk])).status_code == 404


def test_the_daily_job_removes_old_responses_and_the_choices_journaled(cast) -> None:
    program, form, window = scoring_ground(["A", "B", "C"], "2", cast.manager)
    RetentionSchedule.objects.create(program=program, responses_days=365)
    old = submitted_session(form, "ABD", registration=RegistrationFactory(window=window))
    Response.objects.filter(session=old).update(answered_at=_aged(366))
    SessionEvent.objects.create(
        session=old,
        kind=SessionEventKind.ANSWER,
        at=_aged(366),
        data={"position": 1, "selected": "A"},
    )
    recent = submitted_session(form, "ABC", registration=RegistrationFactory(window=window))

    lines = run_all(NOW)
    assert any("3 response(s)" in line for line in lines)
    assert not Response.objects.filter(session=old).exists()
    assert Response.objects.filter(session=recent).count() == 3
    event = SessionEvent.objects.get(session=old, kind=SessionEventKind.ANSWER)
    assert event.data == {"position": 1}
    assert RetentionRecord.objects.get(kind=RetainedKind.RESPONSES).count == 3

    again = run_all(NOW + datetime.timedelta(days=1))
    assert any("0 response(s)" in line for line in again)
    assert RetentionRecord.objects.filter(kind=RetainedKind.RESPONSES).count() == 1


def test_the_daily_job_blanks_old_messages_text_once() -> None:
    old = SentMessageFactory(body="Your seat is booked.", sent_at=_aged(MESSAGES_DAYS + 1))
    recent = SentMessageFactory(body="Results released.", sent_at=_aged(MESSAGES_DAYS - 1))
    queued = SentMessageFactory(
        body="Still to send.", sent_at=_aged(MESSAGES_DAYS + 1), status="queued"
    )

    run_all(NOW)
    old.refresh_from_db()
    assert old.body == "" and old.body_removed_at == NOW and old.subject
    recent.refresh_from_db()
    queued.refresh_from_db()
    assert (recent.body, queued.body) == ("Results released.", "Still to send.")
    run_all(NOW)
    assert RetentionRecord.objects.get(kind=RetainedKind.MESSAGES).count == 1


def test_a_message_is_kept_as_long_as_any_program_asks() -> None:
    first, second = ProgramFactory(), ProgramFactory()
    RetentionSchedule.objects.create(program=first, messages_days=400)
    assert retention.messages_days() == MESSAGES_DAYS  # the second program keeps the default
    RetentionSchedule.objects.create(program=second, messages_days=200)
    assert retention.messages_days() == 400


def test_a_program_manager_sets_the_schedule_on_the_programs_admin_page(client, cast) -> None:
    program = ProgramFactory()
    client.force_login(cast.manager)
    url = reverse("admin:programs_program_change", args=[program.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    prefix = "retention_schedule"
    data |= {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-evidence_days": "90",
        f"{prefix}-0-responses_days": "400",
        f"{prefix}-0-messages_days": "60",
    }
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    schedule = RetentionSchedule.objects.get(program=program)
    assert (schedule.evidence_days, schedule.responses_days, schedule.messages_days) == (
        90,
        400,
        60,
    )
    assert schedule.updated_by == cast.manager
    assert retention.schedule_for(program.pk).responses_days == 400
