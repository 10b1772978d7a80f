"""Issuing signs the credential's OpenBadgeCredential; every version is kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.data import CredentialEventKind
from hallmark.certification.issuer import issuer_id, status_list_url
from hallmark.certification.models import CredentialDocument
from hallmark.certification.verification import verify_document
from hallmark.credentials import holder_matches, holder_name_of, open_badge_schema_errors

from factories import CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_kinds():
    holder = UserFactory(email="Jordan.Lee@Example.org")
    certification = services.issue_credential(
        holder,
        ProgramFactory(designation="CESP", display_time_zone="America/New_York"),
        issued_on=datetime.date(2026, 3, 15),
    )
    certificate = services.issue_credential(
        holder, CertificateProgramFactory(designation="CEF"), issued_on=datetime.date(2026, 4, 1)
    )
    return certification, certificate


def test_every_issued_credential_validates_against_the_ob3_schema(both_kinds) -> None:
    for credential in both_kinds:
        document = credential.current_document().document
        assert open_badge_schema_errors(document) == []
        assert isinstance(document["proof"], list) and len(document["proof"]) == 1
        assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
        assert verify_document(document).result.valid


def test_the_achievement_type_is_the_kind_of_the_program(both_kinds) -> None:
    certificate = both_kinds[1]
    types = [
        c.current_document().document["credentialSubject"]["achievement"]["achievementType"]
        for c in both_kinds
    ]
    assert types == ["Certification", "Certificate"]
    text = str(certificate.current_document().document).lower()
    assert "certified" not in text and "certification" not in text


def test_dates_are_the_credential_s_days_in_the_program_s_time_zone(both_kinds) -> None:
    document = both_kinds[0].current_document().document
    # 15 March 2026 starts at 04:00 UTC in New York (EDT); valid through 15 March 2029.
    assert document["validFrom"] == "2026-03-15T04:00:00Z"
    assert document["validUntil"] == "2029-03-16T04:00:00Z"
    assert "validUntil" not in both_kinds[1].current_document().document


def test_the_holder_is_a_salted_email_hash_their_name_and_the_number(both_kinds) -> None:
    credential = both_kinds[0]
    document = credential.current_document().document
    email, name, number = document["credentialSubject"]["identifier"]
    assert email["hashed"] is True and email["identityHash"].startswith("sha256$")
    assert "jordan" not in str(document).lower()
    assert (name["identityType"], name["hashed"]) == ("name", False)
    assert holder_name_of(document) == credential.holder.legal_name == credential.holder_name
    assert holder_matches(document, " jordan.lee@example.org ")
    assert number["identityHash"] == credential.number
    assert document["issuer"]["id"] == issuer_id()
    assert document["id"].endswith(f"/registry/{credential.number}/")


def test_a_program_whose_policy_says_so_names_no_holder() -> None:
    program = ProgramFactory(credential_names_holder=False)
    credential = services.issue_credential(UserFactory(legal_name="Maria Gonzalez"), program)
    document = credential.current_document().document
    assert holder_name_of(document) is None
    assert "Maria" not in str(document)
    assert open_badge_schema_errors(document) == []


def test_program_managers_set_the_policy_in_the_staff_admin(client, cast) -> None:
    program = ProgramFactory()
    client.force_login(cast.manager)
    url = reverse("admin:programs_program_change", args=[program.pk])
    assert 'name="credential_names_holder"' in client.get(url).content.decode()


def test_a_holder_known_only_by_email_is_not_named_by_it() -> None:
    holder = UserFactory(legal_name="", email="sam@example.org")
    credential = services.issue_credential(holder, ProgramFactory())
    assert credential.holder_name == "sam@example.org"
    document = credential.current_document().document
    assert holder_name_of(document) is None and "sam@" not in str(document)


def test_one_status_entry_says_valid_suspended_or_revoked(both_kinds) -> None:
    credential = both_kinds[0]
    status = credential.current_document().document["credentialStatus"]
    entry = credential.status_entry
    assert status["statusPurpose"] == "message" and status["statusSize"] == 2
    assert status["statusListCredential"] == status_list_url(entry.status_list)
    assert status["statusListIndex"] == str(entry.index)
    assert [m["message"] for m in status["statusMessage"]] == [
        "valid",
        "suspended",
        "revoked",
        "undefined",
    ]


def test_a_reissue_supersedes_the_document_and_keeps_the_place_in_the_list(cast, both_kinds):
    credential = both_kinds[0]
    first = credential.current_document()
    index = credential.status_entry.index
    second = services.reissue_document(credential, actor=cast.officer, reason="Name corrected")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert credential.current_document() == second
    assert second.document["credentialStatus"]["statusListIndex"] == str(index)
    assert credential.documents.count() == 2
    event = credential.events.last()
    assert (event.kind, event.actor, event.reason) == (
        CredentialEventKind.REISSUED,
        cast.officer,
        "Name corrected",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialDocument.objects.filter(pk=first.pk).update(superseded_at=None)


def test_without_an_issuer_key_nothing_is_issued(issuer_key, cast) -> None:
    issuer_key.retired_at = issuer_key.created_at
    issuer_key.save()
    program = ProgramFactory()
    with pytest.raises(ValidationError, match="hallmark keys create"):
        services.issue_credential(cast.candidate, program)
    assert not program.credentials.exists()
