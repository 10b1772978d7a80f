"""A certificate of completion is never presented as a certification, anywhere."""

import io
import json
import re
import unicodedata

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from hallmark.certification import services, sharing

from factories import CertificateProgramFactory

pytestmark = pytest.mark.django_db
# "certified" or "certification" as a claim; "not a certification" is the plain denial.
CLAIM = re.compile(r"(?<!not a )certifi(ed|cation)", re.IGNORECASE)


@pytest.fixture
def certificate(cast):
    program = CertificateProgramFactory(designation="CEF", name="Foundations Course")
    return services.issue_credential(cast.candidate, program)


def claims_certification(text: str) -> bool:
    return bool(CLAIM.search(unicodedata.normalize("NFKC", text)))


def main_of(page: str) -> str:
    """The page's own content (the site's footer describes Hallmark itself), without LinkedIn's
    name for its add-to-profile form (a parameter value, shown to no one)."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return main.replace("startTask=CERTIFICATION_NAME", "startTask=")


def test_not_in_the_registry_page_or_its_json(client, certificate) -> None:
    page = main_of(
        client.get(reverse("registry-credential", args=[certificate.number])).content.decode()
    )
    assert "A certificate of completion" in page and not claims_certification(page)
    entry = client.get(f"/api/v1/credentials/{certificate.number}").json()
    assert (entry["kind"], entry["kind_label"], entry["is_certification"]) == (
        "certificate",
        "Certificate of completion",
        False,
    )


def test_not_in_the_signed_credential(certificate) -> None:
    document = certificate.current_document().document
    assert document["credentialSubject"]["achievement"]["achievementType"] == "Certificate"
    assert not claims_certification(json.dumps(document))


def test_not_in_the_pdfs(client, cast, certificate) -> None:
    client.force_login(cast.candidate)
    for name in ("credentials-pdf", "credentials-wallet"):
        content = client.get(reverse(name, args=[certificate.number])).content
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "Certificate of completion" in text and not claims_certification(text)


def test_not_in_the_holder_s_pages(client, cast, certificate) -> None:
    client.force_login(cast.candidate)
    page = main_of(client.get(reverse("credentials-mine")).content.decode())
    assert "Certificate of completion" in page and not claims_certification(page)
    request = RequestFactory().get("/portal/")
    request.user = cast.candidate
    section = Template("{% load certification %}{% my_credentials %}").render(
        Context({"request": request})
    )
    assert "certificate of completion" in section and not claims_certification(section)


def test_not_on_its_share_page(client, cast, certificate) -> None:
    sharing.set_share_page(certificate, on=True, by=cast.candidate)
    page = client.get(reverse("credentials-share", args=[certificate.number])).content.decode()
    head = page.split("</head>", 1)[0].split("<title>", 1)[1]
    assert "A certificate of completion" in head and not claims_certification(head)
    said = main_of(page).replace("It is not a certification.", "")
    assert "certificate of completion" in said and not claims_certification(said)


def test_not_in_the_verifier_s_account_of_it(client, certificate) -> None:
    document = json.dumps(certificate.current_document().document)
    page = client.post(reverse("credentials-verify"), {"credential": document}).content.decode()
    assert "A certificate of completion (not a certification)" in page
    said = main_of(page).split("What the credential says", 1)[1].split("</dl>", 1)[0]
    assert not claims_certification(said.replace("(not a certification)", ""))


def test_not_in_the_badges(client, cast, certificate) -> None:
    client.force_login(cast.candidate)
    svg = client.get(reverse("credentials-badge-svg", args=[certificate.number])).content.decode()
    assert "CERTIFICATE OF COMPLETION" in svg and not claims_certification(svg)
