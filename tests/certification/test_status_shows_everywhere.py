"""Expiry, suspension and revocation show alike in the registry (page and JSON) and in
verification of the signed credential."""

import copy
import datetime

import pytest
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.verification import verify_document

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


def withdraw(cast, credential, how: str):
    if how == "expired":
        services.expire_credential(credential, on=credential.expires_on + datetime.timedelta(1))
    elif how == "suspended":
        services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    else:
        services.revoke_credential(credential, actor=cast.officer, reason="Fraud")


@pytest.mark.parametrize(
    ("how", "failing", "reason"),
    [
        ("expired", "validUntil", "expired: validUntil"),
        ("suspended", "status", "suspended: status 0x1"),
        ("revoked", "status", "revoked: status 0x2"),
    ],
)
def test_it_shows_in_the_registry_and_in_verification(client, cast, how, failing, reason):
    issued_on = datetime.date(2020, 1, 6) if how == "expired" else None
    credential = services.issue_credential(
        cast.candidate, ProgramFactory(validity_months=36), issued_on=issued_on
    )
    document = copy.deepcopy(credential.current_document().document)
    withdraw(cast, credential, how)
    page = client.get(reverse("registry-credential", args=[credential.number])).content.decode()
    assert f"status-{how}" in page
    assert client.get(f"/api/v1/credentials/{credential.number}").json()["status"] == how
    result = verify_document(document).result
    assert [c.name for c in result.checks if not c.ok] == [failing]
    assert result.errors[0].startswith(reason)
