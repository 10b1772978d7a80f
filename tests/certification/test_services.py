import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hallmark.certification import services
from hallmark.certification.data import CredentialEventKind, CredentialStatus
from hallmark.certification.models import Credential
from hallmark.credentials import check_credential_number

from factories import CertificateProgramFactory, CredentialFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_issues_a_numbered_time_limited_certification_with_its_first_event(cast) -> None:
    program = ProgramFactory(designation="CESP", validity_months=36)
    credential = services.issue_credential(
        cast.candidate, program, issued_on=datetime.date(2026, 3, 15), actor=cast.officer
    )
    assert credential.number.startswith("CESP-000001-")
    assert check_credential_number(credential.number)
    assert credential.expires_on == datetime.date(2029, 3, 15)
    assert credential.is_certification and credential.kind_label == "Certification"
    event = credential.events.get()
    assert (event.kind, event.actor, event.sequence) == (
        CredentialEventKind.ISSUED,
        cast.officer,
        1,
    )
    assert credential.chain_head == event.hash
    second = services.issue_credential(UserFactory(), program, actor=cast.officer)
    assert second.number.startswith("CESP-000002-")


def test_a_certificate_program_gives_a_certificate_of_completion(cast) -> None:
    credential = services.issue_credential(cast.candidate, CertificateProgramFactory())
    assert not credential.is_certification
    assert credential.kind_label == "Certificate of completion"
    assert credential.expires_on is None


def test_the_month_end_rule_applies(cast) -> None:
    program = ProgramFactory(validity_months=36, expiry_at_month_end=True)
    credential = services.issue_credential(
        cast.candidate, program, issued_on=datetime.date(2026, 3, 15)
    )
    assert credential.expires_on == datetime.date(2029, 3, 31)


def test_a_person_holds_at_most_one_current_credential_per_program(cast) -> None:
    program = ProgramFactory()
    services.issue_credential(cast.candidate, program)
    with pytest.raises(ValidationError, match="already holds"):
        services.issue_credential(cast.candidate, program)
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialFactory(holder=cast.candidate, program=program)
    assert Credential.objects.filter(holder=cast.candidate).count() == 1


def test_only_officers_issue_suspend_revoke_and_reinstate(cast) -> None:
    program = ProgramFactory()
    with pytest.raises(PermissionDenied):
        services.issue_credential(cast.candidate, program, actor=cast.proctor)
    credential = services.issue_credential(cast.candidate, program, actor=cast.officer)
    for person in (cast.candidate, cast.manager, cast.psychometrician):
        with pytest.raises(PermissionDenied):
            services.suspend_credential(credential, actor=person, reason="x")
    assert Credential.objects.get(pk=credential.pk).status == CredentialStatus.ACTIVE


def test_suspension_reinstatement_and_revocation_are_recorded_with_reasons(cast) -> None:
    credential = services.issue_credential(cast.candidate, ProgramFactory(), actor=cast.officer)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.suspend_credential(credential, actor=cast.officer, reason=" ")
    services.suspend_credential(credential, actor=cast.officer, reason="Misuse of the mark")
    services.reinstate_credential(credential, actor=cast.officer, reason="Appeal upheld")
    services.revoke_credential(credential, actor=cast.officer, reason="Fraudulent application")
    with pytest.raises(ValidationError, match="is revoked; it cannot be suspended"):
        services.suspend_credential(credential, actor=cast.officer, reason="again")
    events = list(credential.events.values_list("sequence", "kind", "reason"))
    assert events == [
        (1, "issued", ""),
        (2, "suspended", "Misuse of the mark"),
        (3, "reinstated", "Appeal upheld"),
        (4, "revoked", "Fraudulent application"),
    ]
    assert Credential.objects.get(pk=credential.pk).status == CredentialStatus.REVOKED


def test_expiry_waits_for_the_day_after_the_expiry_date(cast) -> None:
    credential = services.issue_credential(
        cast.candidate, ProgramFactory(validity_months=12), issued_on=datetime.date(2025, 1, 10)
    )
    with pytest.raises(ValidationError, match="valid until 2026-01-10"):
        services.expire_credential(credential, on=datetime.date(2026, 1, 10))
    services.expire_credential(credential, on=datetime.date(2026, 1, 11))
    assert Credential.objects.get(pk=credential.pk).status == CredentialStatus.EXPIRED
