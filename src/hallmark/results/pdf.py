"""The candidate's score report as a PDF, in the program's branding (the issuer's name and
colours). Fonts come from the system; nothing is fetched."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.lib.issuer import issuer_name
from hallmark.results.appeals import result_offer
from hallmark.results.data import DOMAIN_CAUTION, VerificationStatus
from hallmark.results.models import Result


def score_report_pdf(result: Result) -> bytes:
    """The report in the candidate's language: the one saved on their profile, else the one
    this request speaks (their browser's)."""
    language = getattr(result.candidate, "language", "") or translation.get_language()
    with translation.override(language):
        html = _report_html(result)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def _report_html(result: Result) -> str:
    return render_to_string(
        "results/pdf/score_report.html",
        {
            "result": result,
            "program": result.run.window.program,
            "scale": result.run.rules["scale"],
            "issuer_name": issuer_name(),
            "caution": DOMAIN_CAUTION,
            "verification": result.verifications.exclude(status=VerificationStatus.OPEN).first(),
            "appeal": result_offer(result),
            "base_url": settings.PUBLIC_BASE_URL.rstrip("/"),
        },
    )
