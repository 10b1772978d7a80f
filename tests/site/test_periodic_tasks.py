"""The periodic verbs can also be enqueued: a worker does the same work on its own clock."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hallmark.exams.data import SessionStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession

from factories import exam_registration

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]


def enqueued(verb: list[str], task: str, capsys) -> DBTaskResult:
    """Enqueue the verb, check it only queued its task, run a worker, and return the task."""
    call_command(*verb, "--enqueue")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == task and queued.status == "READY"
    assert f"queued as task {queued.id}" in capsys.readouterr().out
    call_command("worker", batch=True, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    return queued


def test_daily_enqueued_waits_for_a_worker_which_does_the_day_s_work(capsys) -> None:
    queued = enqueued(["daily"], "hallmark.site.daily.daily_work", capsys)
    assert "outbox:" in " ".join(queued.return_value)


def test_close_expired_enqueued_submits_a_session_past_its_deadline(cast, capsys) -> None:
    session = delivery.create_session(
        exam_registration(candidate=cast.candidate), by=cast.candidate
    )
    delivery.accept_agreement(session, by=cast.candidate)
    started = delivery.start(session, by=cast.candidate)
    past = timezone.now() - datetime.timedelta(seconds=1)
    ExamSession.objects.filter(pk=started.pk).update(deadline_at=past)
    queued = enqueued(
        ["exams", "close-expired"], "hallmark.exams.delivery.tasks.close_expired", capsys
    )
    started.refresh_from_db()
    assert queued.return_value == 1 and started.status == SessionStatus.SUBMITTED


@pytest.mark.parametrize("verb", [["daily"], ["exams", "close-expired"]])
def test_an_enqueued_run_takes_no_moment_of_its_own(verb) -> None:
    with pytest.raises(CommandError, match="leave out --now") as refused:
        call_command(*verb, "--enqueue", "--now", "2030-01-01T10:00Z")
    assert refused.value.returncode == 2 and not DBTaskResult.objects.exists()
