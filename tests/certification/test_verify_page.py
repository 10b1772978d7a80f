"""The public verifier page: paste or upload a credential; each check and why."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from hallmark.certification import services

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
    assert '<th scope="row">proof</th>' in text and "A certification" in text


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
