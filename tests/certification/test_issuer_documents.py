"""The issuer profile and the achievements, at the stable URLs credentials name."""

import pytest
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.issuer import issuer_id
from hallmark.programs.data import ProgramStatus

from factories import CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_issuer_profile_publishes_every_key_as_a_multikey(client, issuer_key) -> None:
    new = services.rotate_issuer_key(reason="Yearly")
    response = client.get(reverse("credentials-issuer"))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    profile = response.json()
    assert profile["id"] == issuer_id() == "http://127.0.0.1:8000/credentials/issuer"
    assert profile["type"] == ["Profile"] and profile["name"]
    methods = {m["id"]: m for m in profile["verificationMethod"]}
    assert set(methods) == {issuer_key.verification_method, new.verification_method}
    assert all(m["type"] == "Multikey" and m["controller"] == issuer_id() for m in methods.values())
    assert methods[new.verification_method]["publicKeyMultibase"] == new.public_multibase
    assert set(profile["assertionMethod"]) == set(methods)
    assert "encrypted_secret" not in response.content.decode()


def test_the_issuer_url_is_absolute_from_the_public_url(client, settings) -> None:
    settings.PUBLIC_BASE_URL = "https://cert.example.org/"
    assert client.get("/credentials/issuer").json()["id"] == (
        "https://cert.example.org/credentials/issuer"
    )


def test_an_achievement_says_what_kind_it_is(client) -> None:
    ProgramFactory(designation="CESP")
    CertificateProgramFactory(designation="CEF")
    ProgramFactory(designation="DRAFT", status=ProgramStatus.DRAFT)
    cesp = client.get(reverse("credentials-achievement", args=["CESP"])).json()
    cef = client.get(reverse("credentials-achievement", args=["cef"])).json()
    assert (cesp["achievementType"], cef["achievementType"]) == ("Certification", "Certificate")
    assert "certification" not in str(cef).lower()
    assert client.get(reverse("credentials-achievement", args=["DRAFT"])).status_code == 404
    assert client.get(reverse("credentials-achievement", args=["NONE"])).status_code == 404


def test_the_public_documents_are_read_only(client) -> None:
    assert client.post(reverse("credentials-issuer")).status_code == 405
