"""The holder is told: a credential issued, suspended, revoked or reinstated, once each, with its
values filled in, and until when a suspension or a revocation may be appealed."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.certification import services
from hallmark.certification.data import CredentialStatus
from hallmark.certification.recertification import renewals
from hallmark.programs.data import FeeStatus
from hallmark.programs.models import CasePolicy

from factories import (
    CertificateProgramFactory,
    ProgramFactory,
    accepted_activity,
    local_noon,
    recertification_program,
)

pytestmark = pytest.mark.django_db
D = datetime.date
CREDENTIAL_KEYS = [
    MessageKey.CREDENTIAL_ISSUED,
    MessageKey.CREDENTIAL_SUSPENDED,
    MessageKey.CREDENTIAL_REVOKED,
    MessageKey.CREDENTIAL_REINSTATED,
]


def sent(person, key=None) -> list[SentMessage]:
    messages = SentMessage.objects.filter(person=person).order_by("pk")
    return list(messages.filter(key=key) if key else messages)


def long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def page_of(credential) -> str:
    """The holder's entry of the credential on their credentials page, as an absolute URL."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{reverse('credentials-mine')}#credential-{credential.pk}"


def test_issuing_tells_the_holder_once_with_the_number_expiry_and_their_page(
    cast, committed
) -> None:
    program = ProgramFactory(name="Certified Employment Support Professional", designation="CESP")
    with committed():
        credential = services.issue_credential(
            cast.candidate, program, issued_on=D(2026, 3, 15), actor=cast.officer
        )
    [message] = sent(cast.candidate)
    assert message.key == MessageKey.CREDENTIAL_ISSUED
    assert message.subject == "Your Certified Employment Support Professional credential"
    assert "Certified Employment Support Professional certification has been issued" in (
        message.body
    )
    assert f"(number {credential.number}), valid until 15 March 2029." in message.body
    assert page_of(credential) in message.body
    assert [m.subject for m in mail.outbox] == [message.subject]


def test_a_certificate_that_does_not_expire_says_no_expiry(cast) -> None:
    credential = services.issue_credential(cast.candidate, CertificateProgramFactory())
    [message] = sent(cast.candidate, MessageKey.CREDENTIAL_ISSUED)
    assert f"certificate of completion has been issued (number {credential.number})." in (
        message.body
    )
    assert "valid until" not in message.body


def test_a_certification_decision_issues_and_tells_the_holder_once(cast) -> None:
    program = ProgramFactory(issue_automatically=True)
    decision = services.decide_certification(
        cast.candidate, program, passed_on=program.today(), source="Result"
    )
    [message] = sent(cast.candidate)
    assert message.key == MessageKey.CREDENTIAL_ISSUED
    assert decision.credential.number in message.body


def test_a_renewal_is_not_told_as_a_new_credential(cast) -> None:
    """A renewal or a reinstatement after expiry sends its own notice, not credential-issued."""
    program = recertification_program()
    by_exam = services.issue_credential(cast.candidate, program, issued_on=D(2024, 3, 15))
    renewals.renew_by_exam(by_exam, passed_on=D(2026, 11, 20), by=None)
    late = services.issue_credential(cast.writer, program, issued_on=D(2024, 3, 15))
    cycle = renewals.current_cycle(late)
    accepted_activity(cycle, "general", 33, D(2025, 5, 1))
    accepted_activity(cycle, "ethics", 3, D(2025, 9, 1))
    services.expire_credential(late, on=D(2027, 3, 20))
    application = renewals.apply_for_renewal(
        late, by=cast.writer, attest=True, now=local_noon(program, D(2027, 6, 1))
    )
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    renewals.approve_renewal(application, by=cast.officer)
    for person in (cast.candidate, cast.writer):
        assert len(sent(person, MessageKey.CREDENTIAL_ISSUED)) == 1  # the first issue only
        assert len(sent(person, MessageKey.RENEWAL_APPROVED)) == 1
        assert not sent(person, MessageKey.CREDENTIAL_REINSTATED)


def test_suspension_tells_the_reason_the_meaning_and_the_appeal_date_of_the_policy(
    cast, committed
) -> None:
    program = ProgramFactory(name="Certified Employment Support Professional", designation="CESP")
    today = program.today()
    CasePolicy.objects.create(program=program, effective_from=today - datetime.timedelta(days=90))
    CasePolicy.objects.create(
        program=program, effective_from=today - datetime.timedelta(days=10), appeal_days=14
    )
    CasePolicy.objects.create(  # not yet in force
        program=program, effective_from=today + datetime.timedelta(days=5), appeal_days=60
    )
    credential = services.issue_credential(cast.candidate, program, actor=cast.officer)
    with committed():
        services.suspend_credential(credential, actor=cast.officer, reason="Misuse of the mark")
    [message] = sent(cast.candidate, MessageKey.CREDENTIAL_SUSPENDED)
    assert message.subject == (
        "Your Certified Employment Support Professional certification is suspended"
    )
    body = message.body
    assert f"(number {credential.number}) was suspended on {long(today)}" in body
    assert "for this reason:\n\nMisuse of the mark\n" in body
    assert "the public registry now shows it as suspended" in body
    assert "status list of your digital credential says so" in body
    appeal_by = long(today + datetime.timedelta(days=14))
    assert f"You may appeal this decision until {appeal_by}: {page_of(credential)}\n" in body
    assert "{{" not in body and mail.outbox[-1].body == body
    assert len(sent(cast.candidate)) == 2  # issued, suspended


def test_revocation_gives_thirty_days_to_appeal_without_a_policy(cast) -> None:
    program = ProgramFactory(designation="CESP")
    credential = services.issue_credential(cast.candidate, program, actor=cast.officer)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    services.revoke_credential(credential, actor=cast.officer, reason="Fraudulent application")
    [message] = sent(cast.candidate, MessageKey.CREDENTIAL_REVOKED)
    today = program.today()
    assert message.subject.endswith("certification is revoked")
    assert f"was revoked on {long(today)}, for this reason:\n\nFraudulent application" in (
        message.body
    )
    assert "withdrawn for good" in message.body and "shows it as revoked" in message.body
    appeal_by = long(today + datetime.timedelta(days=30))
    assert f"You may appeal this decision until {appeal_by}: {page_of(credential)}" in (
        message.body
    )
    assert [m.key for m in sent(cast.candidate)] == CREDENTIAL_KEYS[:3]


def test_reinstatement_tells_the_status_it_is_back_in_and_offers_no_appeal(cast) -> None:
    program = ProgramFactory(designation="CESP")
    credential = services.issue_credential(cast.candidate, program, actor=cast.officer)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    services.reinstate_credential(credential, actor=cast.officer, reason="Complaint dismissed")
    [message] = sent(cast.candidate, MessageKey.CREDENTIAL_REINSTATED)
    assert message.subject.endswith("certification is reinstated")
    assert f"was reinstated on {long(program.today())}, for this reason:\n\n" in message.body
    assert "Complaint dismissed" in message.body
    assert "the public registry now shows it as active" in message.body
    assert "appeal" not in message.body and page_of(credential) in message.body
    assert [m.key for m in sent(cast.candidate)] == [
        MessageKey.CREDENTIAL_ISSUED,
        MessageKey.CREDENTIAL_SUSPENDED,
        MessageKey.CREDENTIAL_REINSTATED,
    ]


def test_a_refused_change_tells_nobody(cast) -> None:
    credential = services.issue_credential(cast.candidate, ProgramFactory(), actor=cast.officer)
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    before = len(sent(cast.candidate))
    with pytest.raises(ValidationError, match="cannot be suspended"):
        services.suspend_credential(credential, actor=cast.officer, reason="again")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.reinstate_credential(credential, actor=cast.officer, reason=" ")
    assert len(sent(cast.candidate)) == before
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED
