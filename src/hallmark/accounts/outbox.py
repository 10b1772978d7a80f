"""The outbox: mail is written in the caller's transaction and sent after it commits.

A message row (`SentMessage`) is queued inside the transaction of the change it tells of, so a
rolled-back change leaves neither a mail nor a record, and no row lock is held while a mail
server is talking. After the commit, the task `send_message` is enqueued and a worker sends it
(`hallmark worker`); a failure is retried with exponential backoff, up to `OUTBOX_MAX_ATTEMPTS`,
after which the message is failed and visible to staff. Each retry is a task deferred to its
time where the backend can defer; `send_due()` (`hallmark outbox send` from cron, and
`hallmark daily`) sends whatever is due in any case, so a task lost between the commit and the
queue only waits for the next pass.

Nothing is sent twice: a sender first claims the row with a conditional UPDATE (queued ->
sending), which only one of several concurrent senders can win, and records the outcome after.
A claim left behind by a sender that died mid-send is not retried (the mail may have gone out):
after `STALE_CLAIM` it is marked failed, for staff to look at.
"""

import datetime
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from hallmark.accounts.data import DeliveryStatus
from hallmark.accounts.models import SentMessage
from hallmark.lib.chunks import chunks

log = logging.getLogger("hallmark.notifications")

STALE_CLAIM = datetime.timedelta(minutes=15)
SEND_CHUNK = 200  # messages per sending task, so that several workers share a big release's mail
INTERRUPTED = "Sending was interrupted: the mail may or may not have gone out; not retried."

# Sent with `message=` whenever a message's delivery status is recorded (sent, retry, failed).
delivery_recorded = Signal()


@dataclass(frozen=True)
class OutboxRun:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    interrupted: int = 0

    def __str__(self) -> str:
        return (
            f"outbox: {self.sent} sent, {self.retrying} to retry, {self.failed} failed, "
            f"{self.interrupted} interrupted"
        )


# What a message keeps only until it is sent or given up: the text and the address as mailed.
NO_SECRETS = {"secret_body": "", "secret_to": ""}


def enqueue(
    *, deliver: bool = True, secret_body: str = "", secret_to: str = "", **fields: Any
) -> SentMessage:
    """Write a message to the outbox in the current transaction; it is sent after the commit.

    With `deliver=False` it is only recorded (demonstration data). `secret_body` is the text as
    mailed when it differs from the recorded `body` (one-time links); `secret_to` the address
    mailed when it differs from the recorded `to` (an erased person's former address). Both
    are kept only until the message is sent or given up.
    """
    if not deliver:
        return SentMessage.objects.create(status=DeliveryStatus.RECORDED_ONLY, **fields)
    message = SentMessage.objects.create(
        status=DeliveryStatus.QUEUED,
        next_attempt_at=timezone.now(),
        secret_body=secret_body,
        secret_to=secret_to,
        **fields,
    )
    transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return message


def enqueue_many(messages: list[dict[str, Any]], *, deliver: bool = True) -> int:
    """Write many messages (each its fields) in one insert; after the commit, tasks of
    `SEND_CHUNK` send them, each claimed as `send` claims one. Returns how many were written."""
    if not deliver:
        SentMessage.objects.bulk_create(
            SentMessage(status=DeliveryStatus.RECORDED_ONLY, **fields) for fields in messages
        )
        return len(messages)
    now = timezone.now()
    written = SentMessage.objects.bulk_create(
        SentMessage(status=DeliveryStatus.QUEUED, next_attempt_at=now, **fields)
        for fields in messages
    )
    pks = [message.pk for message in written]
    for chunk in chunks(pks, SEND_CHUNK):
        transaction.on_commit(partial(send_messages.enqueue, list(chunk)), robust=True)
    return len(pks)


@task()
def send_messages(pks: list[int]) -> int:
    """Send messages of the outbox in turn; return how many this task sent."""
    return sum(send(pk) == DeliveryStatus.SENT for pk in pks)


@task()
def send_message(pk: int) -> str | None:
    """Send one message of the outbox: its new status, or None if it was not this task's to
    send (another sender has it, it is not due, or it is already out)."""
    status = send(pk)
    return None if status is None else status.value


def send(pk: int, now: datetime.datetime | None = None) -> DeliveryStatus | None:
    """Send one queued message that is due; return its new status, or None if another sender
    has it or it is not due."""
    now = now or timezone.now()
    claimed = SentMessage.objects.filter(
        pk=pk, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    message = SentMessage.objects.get(pk=pk)
    try:
        mail = EmailMessage(
            subject=message.subject,
            body=message.secret_body or message.body,
            to=[message.secret_to or message.to],
        )
        mail.send()
    except Exception as problem:  # any backend failure is recorded and retried, not raised
        _record_failure(message, f"{type(problem).__name__}: {problem}", now)
    else:
        _record(message, status=DeliveryStatus.SENT, delivered_at=timezone.now(), error="")
    return DeliveryStatus(message.status)


def _record_failure(message: SentMessage, error: str, now: datetime.datetime) -> None:
    log.warning("message %s failed (attempt %s): %s", message.pk, message.attempts, error)
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _record(message, status=DeliveryStatus.FAILED, error=error)
        return
    delay = settings.OUTBOX_RETRY_SECONDS * 2 ** (message.attempts - 1)
    retry_at = now + datetime.timedelta(seconds=delay)
    _record(message, status=DeliveryStatus.QUEUED, next_attempt_at=retry_at, error=error)
    if send_message.get_backend().supports_defer:
        send_message.using(run_after=retry_at).enqueue(message.pk)


def _record(message: SentMessage, **values: Any) -> None:
    """Record the outcome of this sender's claim; the secrets stay only while a retry needs
    them."""
    if values["status"] != DeliveryStatus.QUEUED:
        values |= NO_SECRETS
    SentMessage.objects.filter(pk=message.pk, status=DeliveryStatus.SENDING).update(**values)
    for name, value in values.items():
        setattr(message, name, value)
    delivery_recorded.send(sender=SentMessage, message=message)


def send_due(now: datetime.datetime | None = None, limit: int | None = None) -> OutboxRun:
    """Send every queued message that is due (oldest first) and give up stale claims."""
    now = now or timezone.now()
    interrupted = _give_up_stale_claims(now)
    due = SentMessage.objects.filter(
        status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    counts = dict.fromkeys(DeliveryStatus, 0)
    for pk in due.values_list("pk", flat=True)[:limit]:
        status = send(pk, now)
        if status is not None:
            counts[status] += 1
    return OutboxRun(
        sent=counts[DeliveryStatus.SENT],
        retrying=counts[DeliveryStatus.QUEUED],
        failed=counts[DeliveryStatus.FAILED],
        interrupted=interrupted,
    )


def _give_up_stale_claims(now: datetime.datetime) -> int:
    stale = SentMessage.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    count = 0
    for message in stale:
        given_up = SentMessage.objects.filter(
            pk=message.pk, status=DeliveryStatus.SENDING, claimed_at=message.claimed_at
        ).update(status=DeliveryStatus.FAILED, error=INTERRUPTED, **NO_SECRETS)
        if given_up:
            message.status, message.error = DeliveryStatus.FAILED, INTERRUPTED
            delivery_recorded.send(sender=SentMessage, message=message)
            count += 1
    return count
