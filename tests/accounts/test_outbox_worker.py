"""The outbox through the database queue: a message becomes a task after the commit, a worker
sends it, a failure is retried by a task deferred to its time, and nothing is sent twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hallmark.accounts import outbox
from hallmark.accounts.data import DeliveryStatus, MessageKey
from hallmark.accounts.notifications import notify

from .test_outbox import refuse

# The worker closes its database connection after a task, as a worker process must: these tests
# commit rather than run inside one transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]


def issued(person):
    return notify(person, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})


def work() -> None:
    call_command("worker", batch=True, verbosity=0)


def test_the_commit_queues_a_task_and_the_worker_sends_the_mail(cast) -> None:
    with transaction.atomic():
        record = issued(cast.candidate)
        assert not DBTaskResult.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "hallmark.accounts.outbox.send_message" and queued.args_kwargs == {
        "args": [record.pk],
        "kwargs": {},
    }
    assert not mail.outbox, "the request only queues it"
    work()
    record.refresh_from_db()
    assert record.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    work()
    assert len(mail.outbox) == 1, "a task that ran is not run again"


def test_a_failure_defers_a_retry_to_its_time(cast, monkeypatch, settings) -> None:
    settings.OUTBOX_RETRY_SECONDS = 120
    monkeypatch.setattr(mail.EmailMessage, "send", refuse(1))
    with transaction.atomic():
        record = issued(cast.candidate)
    work()
    record.refresh_from_db()
    assert record.status == DeliveryStatus.QUEUED and record.attempts == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == record.next_attempt_at
    assert retry.run_after - timezone.now() > datetime.timedelta(seconds=100)
    work()
    assert not mail.outbox, "the retry waits for its time"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    record.__class__.objects.filter(pk=record.pk).update(next_attempt_at=timezone.now())
    work()
    record.refresh_from_db()
    assert record.status == DeliveryStatus.SENT and len(mail.outbox) == 1


def test_a_task_for_a_message_already_sent_sends_nothing(cast) -> None:
    with transaction.atomic():
        issued(cast.candidate)
    assert outbox.send_due().sent == 1, "the cron pass got there first"
    work()
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().return_value is None


def test_the_worker_refuses_a_backend_without_a_queue(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="HALLMARK_TASKS_BACKEND=database") as refused:
        call_command("worker", batch=True)
    assert refused.value.returncode == 2


def test_officers_and_managers_see_the_queue_and_nobody_changes_it(client, cast, committed) -> None:
    with transaction.atomic():
        issued(cast.candidate)
    queue = "/staff/django_tasks_database/dbtaskresult/"
    for person in (cast.officer, cast.manager):
        client.force_login(person)
        page = client.get(queue)
        assert page.status_code == 200 and "send_message" in page.content.decode()
        task = DBTaskResult.objects.get()
        assert client.post(f"{queue}{task.pk}/delete/").status_code == 403
    client.force_login(cast.psychometrician)
    assert client.get(queue).status_code == 403
