"""The technical report as a document: one context for the staff page and the PDF, the charts
as SVG data URIs (each with its title and description; the tables beside them give the same
numbers), and the tagged PDF (PDF/UA), made with the certificates' settings."""

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.lib.issuer import issuer_name
from hallmark.results.reports import Distribution
from hallmark.results.technical import FormStatistics, TechnicalReport
from hallmark.results.technical_history import exposure, history, policies


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _distribution(stats: FormStatistics) -> Distribution:
    counts = [stats.raw.count(score) for score in range(stats.cut.max_raw + 1)]
    raw = stats.raw
    mean = sum(raw) / len(raw)
    sd = (sum((x - mean) ** 2 for x in raw) / len(raw)) ** 0.5
    a = stats.attempts
    return Distribution(
        counts=[(s, c, 0) for s, c in enumerate(counts)],
        mean=mean,
        sd=sd,
        pass_rate=a.passed / a.candidates,
        first_time=(a.passed_first_time, a.first_time),
        repeat=(a.passed_repeat, a.repeat),
    )


def charts(stats: FormStatistics) -> dict[str, str]:
    """The form's raw-score distribution with the cut, and p and r by position."""
    from hallmark.results import charts as drawn  # matplotlib: loaded when a chart is drawn

    code = stats.form.code
    return {
        "distribution": _data_uri(
            drawn.distribution_svg(
                _distribution(stats),
                stats.cut.raw_cut,
                f"Raw-score distribution of {code} with the cut",
            )
        ),
        "items": _data_uri(drawn.items_svg(stats.items.points, f"Item p and r of {code}")),
    }


def context(report: TechnicalReport, *, with_charts: bool = True) -> dict[str, Any]:
    forms = [f.form for f in report.forms]
    return {
        "report": report,
        "program": report.program,
        "json": report.as_json(),
        "forms": [
            {"stats": f, "json": f.as_json(), "charts": charts(f) if with_charts else {}}
            for f in report.forms
        ],
        "history": history(report.program, forms),
        "policies": policies(report.program, report.period.end),
        "exposure": exposure(report.program, report.period, forms),
        "issuer_name": issuer_name(),
        "made_at": timezone.now(),
    }


def technical_report_pdf(report: TechnicalReport) -> bytes:
    html = render_to_string("results/pdf/technical_report.html", context(report))
    # Only the document's own data: URIs load; no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def file_name(report: TechnicalReport, suffix: str) -> str:
    period = report.period
    return f"{report.program.designation}-technical-report-{period.start}-{period.end}.{suffix}"
