import pytest
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.data import CredentialStatus

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory())


def test_an_officer_suspends_with_a_reason_from_the_admin(client, cast, credential) -> None:
    client.force_login(cast.officer)
    url = reverse("admin:certification_credential_status", args=[credential.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "suspend", "reason": "Complaint received"})
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.SUSPENDED
    assert credential.events.last().actor == cast.officer


def test_others_cannot_change_a_credential(client, cast, credential) -> None:
    url = reverse("admin:certification_credential_status", args=[credential.pk])
    for person in (cast.manager, cast.proctor, cast.psychometrician):
        client.force_login(person)
        assert client.post(url, {"action": "revoke", "reason": "x"}).status_code == 403
    client.force_login(cast.candidate)
    assert client.post(url, {"action": "revoke", "reason": "x"}).status_code == 302
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE


def test_a_missing_credential_is_a_404(client, cast) -> None:
    client.force_login(cast.officer)
    url = reverse("admin:certification_credential_status", args=[999999])
    assert client.get(url).status_code == 404
