"""The holder's downloads: the signed JSON, the PDF certificate, the wallet card and the baked
badges (PNG and SVG)."""

import io
import json
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.certification import services
from hallmark.certification.verification import verify_document
from hallmark.credentials import unbake

from factories import CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db
DOWNLOADS = [
    "credentials-json",
    "credentials-pdf",
    "credentials-wallet",
    "credentials-badge-png",
    "credentials-badge-svg",
]


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return unicodedata.normalize("NFKC", text)  # ligatures such as "fi" become letters


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))


@pytest.mark.parametrize("name", DOWNLOADS)
def test_the_holder_downloads(client, cast, credential, name) -> None:
    client.force_login(cast.candidate)
    response = client.get(reverse(name, args=[credential.number]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", DOWNLOADS)
def test_another_person_gets_a_404_and_a_visitor_is_asked_to_sign_in(
    client, cast, credential, name
) -> None:
    url = reverse(name, args=[credential.number])
    assert client.get(url).status_code == 302
    for person in (cast.outsider, cast.writer, cast.manager, cast.proctor):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(cast.candidate)
    assert client.get(reverse(name, args=["CESP-999999-99"])).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_an_officer_downloads_and_it_is_recorded(client, cast, credential, name) -> None:
    url = reverse(name, args=[credential.number])
    client.force_login(cast.officer)
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    record = AccessRecord.objects.get()
    assert (record.who, record.kind, record.person) == (
        cast.officer,
        AccessRecordKind.CREDENTIAL,
        cast.candidate,
    )
    assert f"of credential {credential.number}" in record.what and "download" in record.reason
    assert (record.object_type, record.object_id) == (
        "certification.credential",
        str(credential.pk),
    )
    assert record.address == "203.0.113.9"
    client.force_login(cast.candidate)
    assert client.get(url).status_code == 200
    assert AccessRecord.objects.count() == 1  # the holder's own downloads are theirs


def test_the_json_is_the_signed_credential(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    content = client.get(reverse("credentials-json", args=[credential.number])).content
    document = json.loads(content)
    assert document == credential.current_document().document
    assert verify_document(document).result.valid


def test_the_certificate_says_certification_and_carries_the_registry_address(
    client, cast, credential
) -> None:
    client.force_login(cast.candidate)
    content = client.get(reverse("credentials-pdf", args=[credential.number])).content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Certification" in text and cast.candidate.legal_name in text
    assert f"/registry/{credential.number}/" in text.replace("\n", "")


def test_a_certificate_of_completion_pdf_never_says_certified(client, cast) -> None:
    credential = services.issue_credential(
        cast.candidate, CertificateProgramFactory(designation="CEF", name="Foundations Course")
    )
    client.force_login(cast.candidate)
    for name in ("credentials-pdf", "credentials-wallet"):
        text = pdf_text(client.get(reverse(name, args=[credential.number])).content)
        assert "Certificate of completion" in text
        assert "certified" not in text.lower() and "certification" not in text.lower()


def test_no_certificate_while_suspended_or_once_revoked(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    assert client.get(reverse("credentials-pdf", args=[credential.number])).status_code == 404
    assert client.get(reverse("credentials-json", args=[credential.number])).status_code == 200
    page = client.get(reverse("credentials-mine")).content.decode()
    assert "No certificate, wallet card or badge while the credential is suspended." in page


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("credentials-badge-png", "image/png", "badge.png"),
        ("credentials-badge-svg", "image/svg+xml", "badge.svg"),
    ],
)
def test_a_badge_carries_the_signed_credential_and_verifies(
    client, cast, credential, name, content_type, filename
) -> None:
    client.force_login(cast.candidate)
    response = client.get(reverse(name, args=[credential.number]))
    assert response["Content-Type"] == content_type
    disposition = f'attachment; filename="{credential.number}-{filename}"'
    assert response["Content-Disposition"] == disposition
    document = json.loads(unbake(response.content).text)
    assert document == credential.current_document().document
    assert verify_document(document).result.valid


def test_no_badge_while_suspended(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    for name in ("credentials-badge-png", "credentials-badge-svg"):
        assert client.get(reverse(name, args=[credential.number])).status_code == 404
