"""The holder's printable documents: a PDF certificate and a wallet card, each with a QR code
to the credential's registry entry. Fonts come from the system; nothing is fetched."""

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.accounts.notifications import language_of
from hallmark.certification.data import CredentialStatus
from hallmark.certification.issuer import absolute, issuer_profile
from hallmark.certification.models import Credential

# Printed documents for a credential that stands: not while suspended, never once revoked.
PRINTABLE_STATUSES = (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED)


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data: URI."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def _context(credential: Credential) -> dict[str, object]:
    registry_url = absolute(reverse("registry-credential", args=[credential.number]))
    return {
        "credential": credential,
        "program": credential.program,
        "issuer": issuer_profile(),
        "registry_url": registry_url,
        "qr": qr_data_uri(registry_url),
    }


def _pdf(template: str, credential: Credential) -> bytes:
    # In the holder's language, whoever asks for it (the holder, or staff printing it).
    with translation.override(language_of(credential.holder)):
        html = render_to_string(template, _context(credential))
    # Only the data: URIs of the document itself load; no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def certificate_pdf(credential: Credential) -> bytes:
    """The certificate to print (A4 landscape): a certification, or a certificate of
    completion that says so and never calls itself a certification."""
    return _pdf("certification/pdf/certificate.html", credential)


def wallet_card_pdf(credential: Credential) -> bytes:
    """A card the size of a bank card (85.6 x 54 mm) with a QR code to the registry entry."""
    return _pdf("certification/pdf/wallet_card.html", credential)
