"""The public verifier page: paste or upload a credential; each check and why."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from credentials.support import TINY_SVG, tiny_png
from hallmark.certification import services
from hallmark.credentials import bake

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(cast):
    credential = services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))
    return copy.deepcopy(credential.current_document().document)


def test_it_shows_an_empty_form(client) -> None:
    page = client.get(reverse("credentials-verify")).content.decode()
    assert "Paste the credential" in page and "Or upload the credential file" in page
    assert "Result:" not in page


def test_a_pasted_credential_is_verified_check_by_check(client, document) -> None:
    page = client.post(reverse("credentials-verify"), {"credential": json.dumps(document)})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Result: valid" in text and "Every check passed." in text
    assert '<th scope="row" lang="en">proof</th>' in text and "A certification" in text


def test_an_uploaded_tampered_credential_says_which_check_failed_and_why(client, document):
    document["validUntil"] = "2099-01-01T00:00:00Z"
    upload = SimpleUploadedFile("credential.json", json.dumps(document).encode())
    text = client.post(reverse("credentials-verify"), {"upload": upload}).content.decode()
    assert "Result: not valid" in text and "Failed" in text
    assert "tampered: the eddsa-rdfc-2022 signature" in text
    assert "Not verified: do not rely on it." in text


def test_the_holder_s_email_can_be_checked(client, document, cast) -> None:
    data = {"credential": json.dumps(document), "email": cast.candidate.email.upper()}
    text = client.post(reverse("credentials-verify"), data).content.decode()
    assert "The email you gave is the one this credential was issued to." in text
    data["email"] = "someone@example.org"
    text = client.post(reverse("credentials-verify"), data).content.decode()
    assert "is <strong>not</strong> the one" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste a credential or upload its file"),
        ({"credential": "{not json"}, "This is not JSON (line 1, column 2"),
        ({"credential": "{}", "keys": "no equals sign"}, "Line 1 is not VERIFICATION_METHOD"),
        ({"credential": "{}", "keys": "https://x.example/k#1=zNope"}, "Line 1:"),
    ],
)
def test_bad_input_is_a_400_with_an_error_summary(client, data, message) -> None:
    response = client.post(reverse("credentials-verify"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary"' in text and message in text


@override_settings(HALLMARK_RATE_LIMITS={"registry": 100, "verify": 1})
def test_verifying_is_rate_limited(client, document) -> None:
    data = {"credential": json.dumps(document)}
    assert client.post(reverse("credentials-verify"), data).status_code == 200
    response = client.post(reverse("credentials-verify"), data)
    assert response.status_code == 429 and response["Retry-After"]
    assert client.get(reverse("credentials-verify")).status_code == 200  # reading is not limited


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_an_uploaded_baked_badge_is_verified(client, document, kind) -> None:
    image = {"png": tiny_png(), "svg": TINY_SVG}[kind]
    upload = SimpleUploadedFile(f"badge.{kind}", bake(image, document))
    response = client.post(reverse("credentials-verify"), {"upload": upload})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Result: valid" in text and "Every check passed." in text
    assert f"The credential was read from the {kind.upper()} badge image it is baked into." in text


def test_a_tampered_baked_badge_fails_its_proof(client, document) -> None:
    document["validUntil"] = "2099-01-01T00:00:00Z"
    upload = SimpleUploadedFile("badge.png", bake(tiny_png(), document))
    text = client.post(reverse("credentials-verify"), {"upload": upload}).content.decode()
    assert "Result: not valid" in text and "tampered: the eddsa-rdfc-2022 signature" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (tiny_png(), "No credential is baked in: the PNG has no iTXt chunk"),
        (tiny_png()[:-1] + b"\0", "The PNG is corrupt: chunk 3 (at byte 60), IEND, fails its CRC"),
        (bake(TINY_SVG, "aGVhZGVy.cGF5bG9hZA.c2ln"), "The SVG image carries a VC-JWT credential"),
        (b"\xff\xd8\xff\xe0 a JPEG", "neither text (UTF-8 JSON) nor a PNG or SVG badge image"),
    ],
)
def test_an_image_without_a_usable_credential_is_a_400(client, content, message) -> None:
    upload = SimpleUploadedFile("badge.png", content)
    response = client.post(reverse("credentials-verify"), {"upload": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary"' in text and message in text
    assert "Result:" not in text


def test_the_file_input_accepts_badge_images(client) -> None:
    page = client.get(reverse("credentials-verify")).content.decode()
    assert 'accept=".json,.png,.svg,application/json,image/png,image/svg+xml"' in page
