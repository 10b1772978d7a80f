"""Status lists: an index per credential, never reused; the signed list changes with the
status in the same transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hallmark.certification import services
from hallmark.certification.data import CredentialStatus
from hallmark.certification.documents import index_at
from hallmark.certification.issuer import status_list_url
from hallmark.certification.models import StatusEntry, StatusList
from hallmark.certification.verification import verify_document
from hallmark.credentials import BitstringStatusList

from factories import ProgramFactory, StatusListFactory, UserFactory

pytestmark = pytest.mark.django_db


def status_of(credential) -> int:
    """The credential's value in its signed, published status list."""
    entry = StatusEntry.objects.select_related("status_list").get(credential=credential)
    encoded = entry.status_list.document["credentialSubject"]["encodedList"]
    return BitstringStatusList.decode(encoded, status_size=2).get_status(entry.index)


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory())


def test_each_credential_gets_its_own_index_in_a_shuffled_order() -> None:
    program = ProgramFactory()
    credentials = [services.issue_credential(UserFactory(), program) for _ in range(5)]
    indexes = [c.status_entry.index for c in credentials]
    assert len(set(indexes)) == 5
    assert indexes != sorted(indexes)
    (status_list,) = StatusList.objects.all()
    assert status_list.allocated == 5
    assert indexes == [index_at(status_list, position) for position in range(5)]
    StatusEntry.objects.filter(credential=credentials[1]).delete()  # even then:
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEntry.objects.create(
            credential=credentials[1], status_list=status_list, index=indexes[0]
        )


def test_the_shuffle_is_a_permutation_of_every_index() -> None:
    status_list = StatusListFactory.build(seed="fixed", length=131_072)
    seen = {index_at(status_list, position) for position in range(0, 131_072, 7)}
    assert len(seen) == len(range(0, 131_072, 7))
    assert all(0 <= index < 131_072 for index in seen)


def test_suspension_reinstatement_and_revocation_show_in_the_signed_list(credential, cast):
    assert status_of(credential) == 0x0
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    assert status_of(credential) == 0x1
    services.reinstate_credential(credential, actor=cast.officer, reason="Cleared")
    assert status_of(credential) == 0x0
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    assert status_of(credential) == 0x2
    document = StatusList.objects.get().document
    assert document["credentialSubject"]["statusPurpose"] == "message"
    outcome = verify_document(document)  # the list is itself a credential, signed by us
    assert outcome.result.valid, outcome.result.errors


def test_expiry_leaves_the_list_alone_validuntil_carries_it(cast) -> None:
    credential = services.issue_credential(
        cast.candidate, ProgramFactory(validity_months=12), issued_on=datetime.date(2024, 1, 10)
    )
    signed_at = StatusList.objects.get().signed_at
    services.expire_credential(credential, on=datetime.date(2025, 1, 11))
    assert StatusList.objects.get().signed_at == signed_at
    assert status_of(credential) == 0x0


def test_a_status_change_that_cannot_be_signed_is_not_made(credential, cast, issuer_key):
    issuer_key.retired_at = timezone.now()
    issuer_key.save()
    with pytest.raises(ValidationError, match="no issuer key"):
        services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    assert credential.events.count() == 1


def test_the_list_is_published_signed_at_its_stable_url(client, credential, cast) -> None:
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    status_list = credential.status_entry.status_list
    response = client.get(reverse("credentials-status-list", args=[status_list.pk]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == status_list_url(status_list)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert isinstance(document["proof"], list)
    assert client.get(reverse("credentials-status-list", args=[999])).status_code == 404


def test_a_day_old_list_is_signed_again_when_served(client, credential) -> None:
    status_list = credential.status_entry.status_list
    old = timezone.now() - datetime.timedelta(days=2)
    StatusList.objects.filter(pk=status_list.pk).update(signed_at=old)
    document = client.get(reverse("credentials-status-list", args=[status_list.pk])).json()
    status_list.refresh_from_db()
    assert status_list.signed_at > old
    assert document["validFrom"] == status_list.document["validFrom"]
    served_again = client.get(reverse("credentials-status-list", args=[status_list.pk]))
    assert served_again.json() == document  # fresh: not signed again
