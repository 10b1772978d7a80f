"""Issuer keys: stored encrypted, or read from the environment; rotation keeps old
credentials verifiable."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from hallmark.certification import services
from hallmark.certification.data import KeySource
from hallmark.certification.issuer import issuer_id, profile_document
from hallmark.certification.keys import decrypt_secret, key_pair
from hallmark.certification.models import IssuerKey
from hallmark.certification.verification import verify_document
from hallmark.credentials import generate_key_pair

from factories import IssuerKeyFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_encrypted_never_as_its_multibase(issuer_key) -> None:
    secret = key_pair(issuer_key).private_multibase
    assert secret.startswith("z3u2")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM certification_issuerkey WHERE id = %s", [issuer_key.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row and secret[1:] not in row
    assert issuer_key.public_multibase in row
    assert decrypt_secret(issuer_key.encrypted_secret) == secret


def test_a_changed_encryption_key_is_named_not_guessed(issuer_key, monkeypatch) -> None:
    monkeypatch.setenv("HALLMARK_KEY_ENCRYPTION_KEY", "another value")
    with pytest.raises(ImproperlyConfigured, match="HALLMARK_KEY_ENCRYPTION_KEY is not the value"):
        key_pair(issuer_key)


def test_there_is_one_signing_key_and_create_refuses_a_second(issuer_key) -> None:
    with pytest.raises(ValidationError, match="keys rotate"):
        services.create_issuer_key()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuerKeyFactory()


def test_rotation_keeps_older_credentials_verifiable(issuer_key, cast) -> None:
    program = ProgramFactory()
    old = services.issue_credential(cast.candidate, program)
    new_key = services.rotate_issuer_key(reason="Yearly rotation")
    issuer_key.refresh_from_db()
    assert issuer_key.retired_at is not None and issuer_key.retired_reason == "Yearly rotation"
    new = services.issue_credential(cast.writer, program)
    old_proof = old.current_document().document["proof"][0]["verificationMethod"]
    new_proof = new.current_document().document["proof"][0]["verificationMethod"]
    assert (old_proof, new_proof) == (issuer_key.verification_method, new_key.verification_method)
    for credential in (old, new):
        outcome = verify_document(credential.current_document().document)
        assert outcome.result.valid, outcome.result.errors
    published = profile_document()
    assert {m["id"] for m in published["verificationMethod"]} == {old_proof, new_proof}
    assert set(published["assertionMethod"]) == {old_proof, new_proof}


def test_a_key_from_the_environment_signs_and_is_recorded_without_its_secret(
    issuer_key, cast, monkeypatch
) -> None:
    pair = generate_key_pair(issuer_id())
    monkeypatch.setenv("HALLMARK_ISSUER_PRIVATE_KEY", pair.private_multibase)
    credential = services.issue_credential(cast.candidate, ProgramFactory())
    proof = credential.current_document().document["proof"][0]
    assert proof["verificationMethod"] == pair.verification_method_id
    recorded = IssuerKey.objects.get(public_multibase=pair.public_multibase)
    assert recorded.source == KeySource.ENVIRONMENT and recorded.encrypted_secret == ""
    issuer_key.refresh_from_db()
    assert issuer_key.retired_at is not None  # the stored key stays published, retired
    with pytest.raises(ValidationError, match="put a new secret there"):
        services.rotate_issuer_key()
    assert verify_document(credential.current_document().document).result.valid


def test_only_people_with_the_permission_manage_keys(cast) -> None:
    for person in (cast.officer, cast.manager, cast.candidate):
        with pytest.raises(PermissionDenied):
            services.rotate_issuer_key(actor=person)
    assert IssuerKey.objects.count() == 1


def test_the_keys_command_creates_rotates_lists_and_generates(capsys, issuer_key) -> None:
    call_command("keys", "rotate", "--reason", "test")
    assert "New signing key: " in capsys.readouterr().out
    call_command("keys", "list", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [bool(row["retired_at"]) for row in rows] == [True, False]
    call_command("keys", "list")
    assert "SIGNING" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already has a signing key"):
        call_command("keys", "create")
    call_command("keys", "generate")
    assert capsys.readouterr().out.startswith("z3u2")
    assert IssuerKey.objects.count() == 2
