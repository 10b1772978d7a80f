"""The candidate's score report as a PDF, in the program's branding (the issuer's name and
colours). Fonts come from the system; nothing is fetched."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.lib.issuer import issuer_name
from hallmark.results.appeals import result_offer
from hallmark.results.data import DOMAIN_CAUTION, VerificationStatus
from hallmark.results.models import Result


def score_report_pdf(result: Result) -> bytes:
    """The report in the active language: the candidate asks for their own, so the request
    already speaks their saved language (PersonLanguageMiddleware), else their browser's."""
    html = render_to_string(
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
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
