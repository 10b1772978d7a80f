"""Messages: one `notify` call, staff-editable templates, a record of every message."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind, DeliveryStatus, MessageKey
from hallmark.accounts.models import AccessRecord, MessageTemplate, SentMessage
from hallmark.accounts.notifications import (
    DEFAULT_TEMPLATES,
    WITHHELD,
    notify,
    recorded_only,
    template_problems,
)

pytestmark = pytest.mark.django_db


def test_every_message_has_a_template_after_migrate() -> None:
    assert set(MessageTemplate.objects.values_list("key", flat=True)) == set(MessageKey.values)
    assert set(DEFAULT_TEMPLATES) == set(MessageKey)


def test_notify_sends_and_records_the_message(cast, committed) -> None:
    with committed():
        record = notify(
            cast.candidate,
            MessageKey.RESULTS_RELEASED,
            {"program": "CESP", "sat_on": "3 March 2025", "url": "http://x/r/1"},
        )
    record.refresh_from_db()
    assert mail.outbox[-1].subject == "Your CESP result is available"
    assert mail.outbox[-1].to == [cast.candidate.email]
    assert f"Hello {cast.candidate.display_name}," in mail.outbox[-1].body
    assert record.status == DeliveryStatus.SENT and record.person == cast.candidate
    assert record.body == mail.outbox[-1].body


def test_values_are_not_html_escaped_in_plain_text_mail(cast, committed) -> None:
    with committed():
        notify(cast.candidate, MessageKey.RESULTS_RELEASED, {"program": "Q&A <test>", "url": ""})
    assert "Q&A <test>" in mail.outbox[-1].subject


def test_a_failed_delivery_is_recorded_and_does_not_raise(cast, monkeypatch, committed) -> None:
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with committed():
        record = notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
    record.refresh_from_db()
    assert record.status == DeliveryStatus.QUEUED and record.attempts == 1  # retried later
    assert record.error == "ConnectionRefusedError: no mail server"


def test_secrets_go_out_in_the_mail_but_not_into_the_record(cast, committed) -> None:
    with committed():
        record = notify(
            cast.candidate,
            MessageKey.EMAIL_VERIFICATION,
            {"valid_days": 3},
            secrets={"link": "https://hallmark.example/verify/s3cret/"},
        )
        assert "s3cret" in SentMessage.objects.get().secret_body  # kept until it is sent
    assert "https://hallmark.example/verify/s3cret/" in mail.outbox[-1].body
    record.refresh_from_db()
    assert "s3cret" not in record.body and WITHHELD in record.body
    assert record.secret_body == "" and record.status == DeliveryStatus.SENT


def test_recorded_only_keeps_the_record_without_mailing(cast, committed) -> None:
    with committed(), recorded_only():
        record = notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
    assert not mail.outbox and record.status == DeliveryStatus.RECORDED_ONLY


def test_a_missing_template_comes_back_from_the_defaults(cast, committed) -> None:
    MessageTemplate.objects.filter(key=MessageKey.BOOKING_CANCELLED).delete()
    with committed():
        notify(cast.candidate, MessageKey.BOOKING_CANCELLED, {"window": "W1", "url": "u"})
    assert mail.outbox[-1].subject == "Booking cancelled: W1"


def test_staff_edit_a_template_and_the_next_message_uses_it(client, cast, committed) -> None:
    template = MessageTemplate.objects.get(key=MessageKey.RESULTS_RELEASED, language="en")
    url = reverse("admin:accounts_messagetemplate_change", args=[template.pk])
    client.force_login(cast.proctor)
    assert client.get(url).status_code == 403
    client.force_login(cast.officer)
    bad = client.post(url, {"subject": "Result {% if %}", "body": "x"}).content.decode()
    assert "The subject is not a valid template" in bad
    response = client.post(url, {"subject": "{{ program }}: your result", "body": "See {{ url }}"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.updated_by == cast.officer
    with committed():
        notify(cast.candidate, MessageKey.RESULTS_RELEASED, {"program": "CESP", "url": "http://r"})
    assert (mail.outbox[-1].subject, mail.outbox[-1].body) == ("CESP: your result", "See http://r")


def test_the_record_of_sent_messages_is_read_only_and_its_viewing_is_recorded(client, cast) -> None:
    notify(cast.candidate, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
    client.force_login(cast.officer)
    page = client.get(reverse("admin:accounts_sentmessage_changelist")).content.decode()
    assert cast.candidate.email in page
    listed = AccessRecord.objects.get()
    assert (listed.who, listed.kind, listed.object_id) == (
        cast.officer,
        AccessRecordKind.MESSAGES,
        "",
    )
    record = SentMessage.objects.get()
    change = reverse("admin:accounts_sentmessage_change", args=[record.pk])
    assert client.get(change).status_code == 200
    opened = AccessRecord.objects.latest("pk")
    assert (opened.object_id, opened.person) == (str(record.pk), cast.candidate)
    client.post(change, {"subject": "x"})
    assert SentMessage.objects.get().subject == record.subject
    client.force_login(cast.manager)
    assert client.get(reverse("admin:accounts_sentmessage_changelist")).status_code == 403


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_default_renders_and_uses_only_the_values_it_lists(key) -> None:
    subject, body, listed = DEFAULT_TEMPLATES[key]
    assert template_problems(subject, body) == []
    names = {part.split("(")[0].strip() for part in listed.split(",")}
    names |= {"name", "site_name", "site_url"}
    used = set(re.findall(r"{{ (\w+) }}|{% if (\w+) %}", subject + body))
    assert {name for pair in used for name in pair if name} <= names


def test_the_unsent_first_issued_default_is_replaced_and_an_edited_one_kept() -> None:
    step = import_module("hallmark.accounts.migrations.0010_holder_and_recertification_messages")
    issued = MessageTemplate.objects.get(key=MessageKey.CREDENTIAL_ISSUED, language="en")
    MessageTemplate.objects.filter(pk=issued.pk).update(body=step.FIRST_ISSUED_BODY)
    step.renew_the_unsent_issued_default(django_apps, None)
    issued.refresh_from_db()
    assert issued.body == step.SECOND_ISSUED_BODY and "{% if expires_on %}" in issued.body
    MessageTemplate.objects.filter(pk=issued.pk).update(body="Edited by staff")
    step.renew_the_unsent_issued_default(django_apps, None)
    issued.refresh_from_db()
    assert issued.body == "Edited by staff"


def test_a_subject_longer_than_the_record_holds_is_cut_not_refused(cast) -> None:
    record = notify(cast.candidate, MessageKey.RESULTS_RELEASED, {"program": "P" * 300})
    assert record.subject == "Your " + "P" * 195


def test_a_key_with_no_english_default_is_a_clear_error_not_a_loop(cast, monkeypatch) -> None:
    from hallmark.accounts import notifications

    without = {k: v for k, v in DEFAULT_TEMPLATES.items() if k != MessageKey.BOOKING_CANCELLED}
    monkeypatch.setattr(notifications, "DEFAULT_TEMPLATES", without)
    MessageTemplate.objects.filter(key=MessageKey.BOOKING_CANCELLED).delete()
    with pytest.raises(notifications.MissingTemplate, match="booking-cancelled: no English"):
        notify(cast.candidate, MessageKey.BOOKING_CANCELLED, {"window": "W1", "url": "u"})
    assert not SentMessage.objects.filter(key=MessageKey.BOOKING_CANCELLED).exists()
