"""An appeal is written to in the language it was filed in, and its appellant reads what was
appealed and what the panel found in their language; the credential's history stays English."""

import dataclasses

import pytest
from django.urls import reverse
from django.utils import translation

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.certification import services as credentials
from hallmark.certification.appeals import services, subjects
from hallmark.certification.data import AppealOutcome, AppealSubject, CredentialEventKind
from hallmark.certification.models import Appeal

from factories import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def revocation(credential, cast):
    credentials.revoke_credential(credential, actor=cast.officer, reason="Misused the mark.")
    return credential.events.get(kind=CredentialEventKind.REVOKED)


def file(revocation, person):
    return services.file_appeal(
        AppealSubject.REVOCATION, revocation, by=person, grounds="Nunca lo usé."
    )


def message(key: MessageKey) -> SentMessage:
    return SentMessage.objects.get(key=key)


def test_an_appeal_filed_in_spanish_is_answered_in_spanish(
    revocation, cast, bench, credential
) -> None:
    cast.candidate.language = "es"
    cast.candidate.save(update_fields=["language"])
    appeal = file(revocation, cast.candidate)
    assert appeal.language == "es"
    received = message(MessageKey.APPEAL_RECEIVED)
    assert received.subject.startswith(f"Recibimos su apelación {appeal.reference}")
    assert f"(sobre: {credential.number} revocada)" in received.body
    with translation.override("en"):  # an English-speaking officer and panel
        appeal = decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    acknowledged = message(MessageKey.APPEAL_ACKNOWLEDGED)
    assert acknowledged.subject.startswith(f"Acusamos recibo de su apelación {appeal.reference}")
    told = message(MessageKey.APPEAL_DECIDED)
    assert told.subject.startswith("Decisión sobre su apelación")
    assert f"(sobre: revocación de una credencial ({appeal.reference})): decisión anulada." in (
        told.body
    )
    assert "Qué cambia: Overturned:" in told.body
    # The credential's history is English whatever the appellant's language.
    filed, outcome = credential.events.filter(
        kind__in=[CredentialEventKind.APPEAL_FILED, CredentialEventKind.APPEAL_DECIDED]
    ).order_by("sequence")
    assert filed.reason == f"{appeal.reference}: appeal of the revocation of a credential"
    assert outcome.reason == f"{appeal.reference}: decision overturned"


def test_an_appeal_filed_in_english_stays_english_whoever_handles_it(
    revocation, cast, bench
) -> None:
    appeal = file(revocation, cast.candidate)
    assert appeal.language == "en"
    with translation.override("es"):  # a Spanish-speaking officer and panel
        decided(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    assert message(MessageKey.APPEAL_ACKNOWLEDGED).subject.startswith("Your appeal")
    told = message(MessageKey.APPEAL_DECIDED)
    assert "about revocation of a credential (APL-" in told.body
    assert "has been decided: decision upheld." in told.body


def test_the_decision_to_appeal_is_named_in_spanish_and_its_summary_kept_in_english(
    client, revocation, cast, credential
) -> None:
    client.force_login(cast.candidate)
    url = reverse("appeals:file", args=[AppealSubject.REVOCATION, revocation.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"<dd>{credential.number} revocada</dd>" in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<dd>{credential.number} revoked</dd>" in english
    client.post(url, {"grounds": "Nunca lo usé."}, HTTP_ACCEPT_LANGUAGE="es")
    appeal = Appeal.objects.get()
    assert appeal.language == "es"
    assert appeal.decision_summary.startswith(f"{credential.number} revoked on ")


def test_the_appellant_reads_the_subject_and_the_outcome_in_spanish(
    client, revocation, cast, bench
) -> None:
    appeal = decided(file(revocation, cast.candidate), cast.officer, bench, AppealOutcome.UPHELD)
    client.force_login(cast.candidate)
    page = client.get(reverse("appeals:appeal", args=[appeal.pk]), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Revocación de una credencial (CESP)" in html and "Decisión confirmada" in html
    listed = client.get(reverse("appeals:mine"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Revocación de una credencial" in listed and "Resuelta: decisión confirmada" in listed
    english = client.get(reverse("appeals:mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Revocation of a credential" in english and "Decided: decision upheld" in english


@pytest.mark.parametrize(("language", "reads"), [("en", 2), ("es", 3)])
def test_the_decision_is_read_again_only_for_an_appellant_who_is_not_english(
    revocation, cast, monkeypatch, language, reads
) -> None:
    """The English summary kept on the appeal serves an English appellant's message too: read
    to file it and to check it may be appealed, and once more only in another language."""
    subject = subjects.subject
    read: list[str | None] = []

    def counted(kind: str) -> subjects.Subject:
        chosen = subject(kind)

        def reading(decision):
            read.append(translation.get_language())
            return chosen.read(decision)

        return dataclasses.replace(chosen, read=reading)

    monkeypatch.setattr(subjects, "subject", counted)
    cast.candidate.language = language
    cast.candidate.save(update_fields=["language"])
    file(revocation, cast.candidate)
    assert len(read) == reads
    assert read[-1] == language
