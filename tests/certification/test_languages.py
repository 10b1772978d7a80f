"""The holder's documents and the candidate and public certification pages in Spanish, and the
certification catalog complete."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hallmark.accounts.data import MessageKey
from hallmark.accounts.notifications import ensure_templates, notify
from hallmark.certification import services
from hallmark.certification.data import AwardKind
from hallmark.certification.messages import issued_context
from hallmark.certification.pdf import certificate_pdf, wallet_card_pdf

from factories import CredentialFactory, ProgramFactory, UserFactory
from i18n import missing_translations, mo_matches_po, untranslated_text

pytestmark = pytest.mark.django_db

# The candidate and public templates of the certification app.
TEMPLATES = [
    "certification/verify.html",
    "certification/_verify_summary.html",
    "certification/registry.html",
    "certification/credential.html",
    "certification/mine.html",
    "certification/_share_controls.html",
    "certification/pdf/certificate.html",
    "certification/pdf/wallet_card.html",
    "certification/complaints/form.html",
    "certification/complaints/_errors.html",
    "certification/complaints/received.html",
    "certification/complaints/status.html",
    "certification/complaints/too_large.html",
    "certification/_appeal.html",
    "certification/portal_credentials.html",
    "appeals/file.html",
    "appeals/mine.html",
    "appeals/appeal.html",
    "certification/discipline/mine.html",
    "certification/renewal.html",
    "certification/course_application.html",
]
MODULES = [
    "hallmark.certification.data",
    "hallmark.certification.complaints.data",
    "hallmark.certification.complaints.forms",
    "hallmark.certification.complaints.services",
    "hallmark.certification.complaints.views",
    "hallmark.certification.appeals.forms",
    "hallmark.certification.appeals.views",
    "hallmark.certification.discipline.forms",
    "hallmark.certification.discipline.views",
    "hallmark.certification.recertification.forms",
    "hallmark.certification.recertification.views",
    "hallmark.certification.recertification.ce",
    "hallmark.certification.recertification.renewals",
    "hallmark.certification.conditions",
    "hallmark.certification.forms",
    "hallmark.certification.messages",
    "hallmark.certification.appeals.services",
    "hallmark.certification.appeals.subjects",
    "hallmark.certification.verification",
    "hallmark.certification.registry",
    "hallmark.certification.templatetags.certification",
]


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_certificate_is_in_the_holders_language() -> None:
    holder = UserFactory(language="es", legal_name="Ana Pérez Gómez")
    credential = CredentialFactory(
        holder=holder,
        issued_on=datetime.date(2026, 3, 3),
        expires_on=datetime.date(2029, 3, 31),
    )
    text = " ".join(text_of(certificate_pdf(credential)).split())
    assert "Certificación" in text and "Se certifica que" in text and "Ana Pérez Gómez" in text
    assert "3 de marzo de 2026" in text and "31 de marzo de 2029" in text
    assert "Certification" not in text and "This certifies" not in text
    card = " ".join(text_of(wallet_card_pdf(credential)).split())
    assert "Certificación" in card and "vigente hasta el 31/03/2029" in card


def test_a_certificate_of_completion_in_spanish_never_says_certification() -> None:
    holder = UserFactory(language="es")
    credential = CredentialFactory(holder=holder, kind=AwardKind.CERTIFICATE, expires_on=None)
    text = " ".join(text_of(certificate_pdf(credential)).split())
    assert "Certificado de finalización" in text and "No vence" in text
    assert "ertificación" not in text


def test_an_english_holders_certificate_stays_english() -> None:
    credential = CredentialFactory(issued_on=datetime.date(2026, 3, 3))
    text = " ".join(text_of(certificate_pdf(credential)).split())
    assert "This certifies that" in text and "3 March 2026" in text


def test_the_complaint_form_in_spanish(client) -> None:
    page = client.get(reverse("complaints:form"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Presentar una queja" in page and "Sobre qué es su queja" in page
    refused = client.post(reverse("complaints:status"), {}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Este campo es obligatorio." in refused.content.decode()  # Django's own catalog


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_certification_templates_say_nothing_untranslated(template) -> None:
    assert untranslated_text(template) == []


def test_the_certification_catalog_is_complete_and_compiled() -> None:
    assert missing_translations("certification", TEMPLATES, MODULES) == []
    assert mo_matches_po("certification")


def test_a_spanish_holder_is_told_of_their_credential_in_spanish() -> None:
    ensure_templates()
    holder = UserFactory(language="es", legal_name="Ana Pérez Gómez")
    credential = CredentialFactory(holder=holder, expires_on=datetime.date(2029, 3, 31))
    record = notify(holder, MessageKey.CREDENTIAL_ISSUED, issued_context(credential))
    assert record.subject.startswith("Su certificación de ")
    assert "se emitió su certificación" in record.body
    assert "vigente hasta el 31 de marzo de 2029" in record.body
    english = CredentialFactory(expires_on=datetime.date(2029, 3, 31))
    record = notify(english.holder, MessageKey.CREDENTIAL_ISSUED, issued_context(english))
    assert "valid until 31 March 2029" in record.body


def test_the_registry_entry_and_the_verifier_in_spanish(client) -> None:
    credential = CredentialFactory(
        issued_on=datetime.date(2026, 3, 3), expires_on=datetime.date(2029, 3, 31)
    )
    url = reverse("registry-credential", args=[credential.number])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Fecha de emisión" in page and "3 de marzo de 2026" in page
    assert "31 de marzo de 2029" in page and "Consultar otra credencial" in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 March 2026" in english and "Look up another credential" in english
    verifier = client.get(reverse("credentials-verify"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Verificar una credencial digital" in verifier


def test_a_cached_english_registry_entry_is_not_current_for_a_spanish_reader(client) -> None:
    credential = CredentialFactory()
    url = reverse("registry-credential", args=[credential.number])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=english["ETag"])
    assert again.status_code == 304
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=english["ETag"])
    assert spanish.status_code == 200 and "Fecha de emisión" in spanish.content.decode()
    assert "Accept-Language" in spanish["Vary"]


def test_the_status_is_in_the_readers_language_and_the_api_stays_english(client) -> None:
    credential = CredentialFactory()
    page = client.get(
        reverse("registry-credential", args=[credential.number]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert ">Vigente</span>" in page.content.decode()
    said = client.get(f"/api/v1/credentials/{credential.number}", HTTP_ACCEPT_LANGUAGE="es")
    assert said.json()["status_label"] == "Active"
    assert said.json()["kind_label"] == "Certification"


def test_the_registry_and_verifier_forms_are_labelled_in_spanish(client) -> None:
    registry = client.get(reverse("registry"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Nombre del titular" in registry and "Número de credencial" in registry
    assert "Todos los programas" in registry and "Tal como figura en el certificado" in registry
    assert "Holder&#x27;s name" not in registry and "All programs" not in registry
    english = client.get(reverse("registry"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Holder&#x27;s name" in english and "All programs" in english
    looked_up = client.get(
        reverse("registry-lookup"), {"lookup-number": "CESP-1"}, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Este no es un número de credencial válido" in looked_up
    verifier = client.get(reverse("credentials-verify"), HTTP_ACCEPT_LANGUAGE="es")
    html = verifier.content.decode()
    assert "Pegue la credencial" in html and "O suba el archivo de la credencial" in html
    assert "Claves de otros emisores en los que confía (opcional)" in html
    refused = client.post(reverse("credentials-verify"), {}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Pegue una credencial o suba su archivo" in refused.content.decode()
    not_json = client.post(
        reverse("credentials-verify"), {"credential": "{nope"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Esto no es JSON (línea 1, columna 2" in not_json.content.decode()


def test_a_spanish_verifier_names_what_the_credential_says_and_marks_the_checks_english(
    client,
) -> None:
    credential = services.issue_credential(UserFactory(), ProgramFactory())
    document = json.dumps(credential.current_document().document)
    page = client.post(
        reverse("credentials-verify"), {"credential": document}, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "<dt>Qué es</dt><dd>Una certificación</dd>" in page
    assert "<dt>Emisor</dt>" in page and "<dt>Válida desde</dt>" in page
    assert "<dt>What it is</dt>" not in page
    # The checks are the verifier library's English, and say so.
    assert '<th scope="row" lang="en">proof</th>' in page
