"""The staff admin's read-only pages of keys, status lists, documents and decisions."""

import pytest
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.models import StatusList

from factories import CertificationDecisionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory())


def test_an_officer_sees_keys_lists_documents_and_decisions(client, cast, credential) -> None:
    decision = CertificationDecisionFactory()
    client.force_login(cast.officer)
    pages = [
        reverse("admin:certification_issuerkey_changelist"),
        reverse("admin:certification_statuslist_changelist"),
        reverse("admin:certification_statuslist_change", args=[StatusList.objects.get().pk]),
        reverse("admin:certification_certificationdecision_changelist"),
        reverse("admin:certification_certificationdecision_change", args=[decision.pk]),
        reverse("admin:certification_credential_change", args=[credential.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "encrypted_secret" not in response.content.decode()
    page = client.get(pages[-1]).content.decode()
    assert "Signed documents" in page and "/credentials/status/" in page


def test_keys_and_lists_cannot_be_added_changed_or_deleted(client, cast, issuer_key) -> None:
    client.force_login(cast.officer)
    assert client.get(reverse("admin:certification_issuerkey_add")).status_code == 403
    url = reverse("admin:certification_issuerkey_delete", args=[issuer_key.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403


def test_others_do_not_see_them(client, cast) -> None:
    url = reverse("admin:certification_issuerkey_changelist")
    for person in (cast.candidate, cast.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 302  # not staff: to the staff sign-in
    client.force_login(cast.proctor)
    assert client.get(url).status_code == 403
