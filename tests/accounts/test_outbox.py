"""The outbox: mail is queued in the caller's transaction, sent after the commit, retried, and
never sent twice."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts import daily, outbox
from hallmark.accounts.data import DeliveryStatus, MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import notify

pytestmark = pytest.mark.django_db

SECRET = {"link": "https://hallmark.example/verify/s3cret/"}


def verification(person) -> SentMessage:
    return notify(person, MessageKey.EMAIL_VERIFICATION, {"valid_days": 3}, secrets=SECRET)


def refuse(times: int):
    """A mail server that refuses the first `times` messages, then accepts."""
    calls = []
    real_send = mail.EmailMessage.send

    def send(self, fail_silently=False):
        calls.append(self)
        if len(calls) <= times:
            raise ConnectionRefusedError("no mail server")
        return real_send(self, fail_silently)

    return send


def test_a_rollback_after_notify_leaves_no_mail_and_no_record(cast, committed) -> None:
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
        raise RuntimeError("the change failed after the message was written")
    assert not mail.outbox
    assert not SentMessage.objects.exists()


def test_nothing_is_mailed_before_the_commit(cast, committed) -> None:
    with committed():
        record = notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
        assert not mail.outbox and record.status == DeliveryStatus.QUEUED
    assert len(mail.outbox) == 1
    record.refresh_from_db()
    assert record.status == DeliveryStatus.SENT and record.delivered_at and record.attempts == 1


def test_a_failing_mail_server_is_retried_later_with_backoff_and_then_succeeds(
    cast, committed, monkeypatch, settings
) -> None:
    settings.OUTBOX_RETRY_SECONDS = 60
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse(times=2))
    with committed():
        record = verification(cast.candidate)
    record.refresh_from_db()
    assert record.status == DeliveryStatus.QUEUED and record.attempts == 1
    assert "ConnectionRefusedError" in record.error and "s3cret" in record.secret_body
    first_retry = record.next_attempt_at
    assert outbox.send_due(first_retry - datetime.timedelta(seconds=1)) == outbox.OutboxRun()
    assert outbox.send_due(first_retry) == outbox.OutboxRun(retrying=1)
    record.refresh_from_db()
    assert record.next_attempt_at - first_retry == datetime.timedelta(seconds=120)  # doubled
    assert outbox.send_due(record.next_attempt_at) == outbox.OutboxRun(sent=1)
    record.refresh_from_db()
    assert (record.status, record.attempts, record.error) == (DeliveryStatus.SENT, 3, "")
    assert [m.to for m in mail.outbox] == [[cast.candidate.email]]
    assert SECRET["link"] in mail.outbox[0].body and record.secret_body == ""


def test_after_the_last_attempt_the_message_is_failed_erased_and_shown_to_staff(
    client, cast, committed, monkeypatch, settings
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 2
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse(times=9))
    with committed():
        record = verification(cast.candidate)
    later = timezone.now() + datetime.timedelta(days=1)
    assert outbox.send_due(later) == outbox.OutboxRun(failed=1)
    assert outbox.send_due(later + datetime.timedelta(days=1)) == outbox.OutboxRun()
    record.refresh_from_db()
    assert (record.status, record.attempts) == (DeliveryStatus.FAILED, 2)
    assert record.secret_body == "" and not mail.outbox
    client.force_login(cast.officer)
    url = reverse("admin:accounts_sentmessage_changelist") + "?status__exact=failed"
    page = client.get(url).content.decode()
    assert cast.candidate.email in page and "ConnectionRefusedError" in page


def test_a_second_sender_during_a_send_sends_nothing(cast, committed, monkeypatch) -> None:
    with transaction.atomic():  # queued, its own send not run
        record = notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
    second = []
    real_send = mail.EmailMessage.send

    def send_and_meanwhile(self, fail_silently=False):
        second.append(outbox.send(record.pk))  # another process's pass, mid-send
        second.append(outbox.send_due().sent)
        return real_send(self, fail_silently)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send_and_meanwhile)
    assert outbox.send(record.pk) == DeliveryStatus.SENT
    assert second == [None, 0] and len(mail.outbox) == 1
    assert outbox.send(record.pk) is None and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_send_once(cast, monkeypatch) -> None:
    record = SentMessage.objects.create(  # queued, as a sender finds it
        key=MessageKey.CREDENTIAL_ISSUED,
        to=cast.candidate.email,
        subject="Your CESP credential",
        body="Congratulations.",
        status=DeliveryStatus.QUEUED,
        next_attempt_at=timezone.now(),
    )
    # Both senders reach their claim at the same moment: whatever either read before it, only
    # one claim may win.
    at_the_claim = threading.Barrier(2, timeout=5)
    real_update = QuerySet.update

    def update_together(self, **values):
        if self.model is SentMessage and values.get("status") == DeliveryStatus.SENDING:
            at_the_claim.wait()
        return real_update(self, **values)

    monkeypatch.setattr(QuerySet, "update", update_together)
    outcomes = []

    def sender() -> None:
        try:
            outcomes.append(outbox.send(record.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [None, DeliveryStatus.SENT]
    assert len(mail.outbox) == 1
    assert SentMessage.objects.get(pk=record.pk).attempts == 1


def test_a_send_interrupted_midway_is_failed_for_staff_not_sent_again(cast, committed) -> None:
    with transaction.atomic():
        record = notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
    claimed = timezone.now() - outbox.STALE_CLAIM - datetime.timedelta(seconds=1)
    SentMessage.objects.filter(pk=record.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=claimed
    )
    assert outbox.send_due() == outbox.OutboxRun(interrupted=1)
    record.refresh_from_db()
    assert record.status == DeliveryStatus.FAILED and record.error == outbox.INTERRUPTED
    assert not mail.outbox


def test_the_outbox_verb_and_daily_send_what_is_due(cast, capsys) -> None:
    with transaction.atomic():
        notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
        notify(cast.candidate, MessageKey.RESULTS_RELEASED, {"program": "CESP", "url": "u"})
    call_command("outbox", "send", "--limit", "1")
    assert "outbox: 1 sent, 0 to retry, 0 failed, 0 interrupted" in capsys.readouterr().out
    assert daily.run(timezone.now() - datetime.timedelta(days=30)) == [
        "outbox: 1 sent, 0 to retry, 0 failed, 0 interrupted",
        "accounts: the text of 0 message(s) past their retention removed",
    ]
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="not a whole number of 1 or more"):
        call_command("outbox", "send", "--limit", "0")
