"""The periodic verbs can also be enqueued: a worker does the same work on its own clock."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]


@pytest.mark.parametrize(
    ("verb", "task", "done"),
    [
        (["daily"], "hallmark.site.daily.daily_work", lambda lines: "outbox:" in " ".join(lines)),
        (["exams", "close-expired"], "hallmark.exams.delivery.tasks.close_expired", (0).__eq__),
    ],
)
def test_enqueued_the_verb_waits_for_a_worker_which_does_its_work(verb, task, done, capsys) -> None:
    call_command(*verb, "--enqueue")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == task and queued.status == "READY"
    assert f"queued as task {queued.id}" in capsys.readouterr().out
    call_command("worker", batch=True, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and done(queued.return_value)


@pytest.mark.parametrize("verb", [["daily"], ["exams", "close-expired"]])
def test_an_enqueued_run_takes_no_moment_of_its_own(verb) -> None:
    with pytest.raises(CommandError, match="leave out --now") as refused:
        call_command(*verb, "--enqueue", "--now", "2030-01-01T10:00Z")
    assert refused.value.returncode == 2 and not DBTaskResult.objects.exists()
