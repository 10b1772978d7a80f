"""The candidate handbook as a PDF (tagged, PDF/UA-1), from the same cleaned HTML as its page.
Fonts come from the system; nothing is fetched."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.lib.issuer import issuer_name
from hallmark.programs.markup import clean_body
from hallmark.programs.models import CandidateHandbook


def handbook_pdf(handbook: CandidateHandbook) -> bytes:
    html = render_to_string(
        "programs/pdf/handbook.html",
        {
            "handbook": handbook,
            "program": handbook.program,
            "issuer_name": issuer_name(),
            "body": mark_safe(clean_body(handbook.body)),  # noqa: S308 - cleaned just now
        },
    )
    # Only data: URIs of the document itself could load (it has none); no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
