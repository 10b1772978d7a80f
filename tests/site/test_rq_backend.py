"""The task queue swapped by one setting: RQ on the Redis at 127.0.0.1:6379 runs the same tasks
(the code speaks only the Tasks API), here the outbox's mail, taken by an RQ worker."""

import pytest
import redis
from django.core import mail
from django.core.signals import setting_changed

from hallmark.accounts.data import DeliveryStatus, MessageKey
from hallmark.accounts.notifications import notify

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def rq_queue(settings):
    """Tasks go to RQ on a Redis database of the suite's own, emptied before and after."""
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    yield connection
    connection.flushdb()


def test_mail_is_sent_by_an_rq_worker_when_the_setting_names_rq(
    rq_queue, cast, django_capture_on_commit_callbacks
) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    with django_capture_on_commit_callbacks(execute=True):
        message = notify(cast.candidate, MessageKey.APPLICATION_SUBMITTED, {"program": "CESP"})
    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.count == 1  # on Redis, not run yet
    message.refresh_from_db()
    assert message.status == DeliveryStatus.QUEUED and not mail.outbox
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[cast.candidate.email]]
