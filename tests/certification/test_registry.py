import datetime

import pytest
from django.urls import reverse

from hallmark.certification import services

from factories import CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holders(cast):
    cesp = ProgramFactory(designation="CESP", name="Employment Support")
    course = CertificateProgramFactory(designation="CEF", name="Foundations Course")
    ada = UserFactory(legal_name="Ada Lovelace")
    hidden = UserFactory(legal_name="Ada Hidden")
    certification = services.issue_credential(ada, cesp, issued_on=datetime.date(2026, 3, 15))
    certificate = services.issue_credential(ada, course, issued_on=datetime.date(2026, 4, 1))
    private = services.issue_credential(hidden, cesp)
    private.listed_by_name = False
    private.save()
    return certification, certificate, private


def test_it_finds_holders_by_name_and_program(client, holders) -> None:
    certification, certificate, private = holders
    page = client.get(reverse("registry"), {"search-name": "ada"}).content.decode()
    assert certification.number in page and certificate.number in page
    assert private.number not in page  # opted out of name search
    assert "2 credentials found" in page
    page = client.get(
        reverse("registry"), {"search-name": "ada", "search-program": "CEF"}
    ).content.decode()
    assert certificate.number in page and certification.number not in page


def test_lookup_by_number_always_works_and_says_plainly_what_the_credential_is(
    client, holders
) -> None:
    certification, certificate, private = holders
    page = client.get(reverse("registry-lookup"), {"lookup-number": private.number.lower()})
    assert page.status_code == 200 and "Ada Hidden" in page.content.decode()
    page = client.get(reverse("registry-credential", args=[certificate.number])).content.decode()
    assert "A certificate of completion" in page and "It is not a certification." in page
    assert "Does not expire" in page
    page = client.get(reverse("registry-credential", args=[certification.number])).content.decode()
    assert "A certification:" in page and "15 March 2029" in page


def test_a_mistyped_number_is_caught_by_its_check_digits(client, holders) -> None:
    certification = holders[0]
    typo = (
        certification.number[:-4]
        + str((int(certification.number[-4]) + 1) % 10)
        + (certification.number[-3:])
    )
    page = client.get(reverse("registry-lookup"), {"lookup-number": typo})
    assert page.status_code == 400
    assert "check it for a mistyped character" in page.content.decode()


def test_an_unknown_number_is_a_404(client) -> None:
    assert client.get(reverse("registry-credential", args=["CESP-999999-00"])).status_code == 404


def test_the_api_returns_the_registry_entry_and_never_a_score(client, holders) -> None:
    certification = holders[0]
    response = client.get(f"/api/v1/credentials/{certification.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "certification" and body["is_certification"] is True
    assert body["status"] == "active" and body["expires_on"] == "2029-03-15"
    assert not any("score" in key for key in body)
    assert client.get("/api/v1/credentials/CESP-999999-00").status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/credentials/{number}" in schema["paths"]


API_V1_CREDENTIAL = [
    "number",
    "holder_name",
    "designation",
    "program_name",
    "kind",
    "kind_label",
    "is_certification",
    "status",
    "status_label",
    "issued_on",
    "expires_on",
]


# Added to version 1 later, so optional: null unless the policy discloses a sanction.
API_V1_OPTIONAL = ["sanction"]


def test_api_v1_publishes_these_registry_fields_and_no_others(client) -> None:
    """The schema follows RegistryEntry: a field added there must not enter version 1 unseen."""
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["CredentialOut"]
    assert list(schema["properties"]) == API_V1_CREDENTIAL + API_V1_OPTIONAL
    assert schema["required"] == API_V1_CREDENTIAL
    assert schema["properties"]["sanction"]["anyOf"] == [{"type": "string"}, {"type": "null"}]


def test_the_registry_is_rate_limited(client, settings, holders) -> None:
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "registry": 3}
    url = f"/api/v1/credentials/{holders[0].number}"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    response = client.get(reverse("registry"))
    assert response.status_code == 429 and int(response["Retry-After"]) <= 60


def test_suspension_and_revocation_show_in_the_registry(client, cast, holders) -> None:
    certification = holders[0]
    services.suspend_credential(certification, actor=cast.officer, reason="Under review")
    assert client.get(f"/api/v1/credentials/{certification.number}").json()["status"] == (
        "suspended"
    )
    services.revoke_credential(certification, actor=cast.officer, reason="Misconduct")
    page = client.get(reverse("registry-credential", args=[certification.number]))
    assert "Revoked" in page.content.decode()
