"""A study's report as a document: one context for the PDF and for a staff page that includes
the partial (jobanalysis/_report.html), the charts as SVG data URIs, and the tagged PDF (PDF/UA)
with no network."""

import base64
import json
import math
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.jobanalysis.report import StudyReport
from hallmark.lib.issuer import issuer_name


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def charts(report: StudyReport) -> dict[str, str]:
    from hallmark.jobanalysis import charts as drawn  # matplotlib: loaded when a chart is drawn

    title = report.study.title
    return {
        "ratings": _data_uri(
            drawn.ratings_svg(report, f"Mean importance and frequency of each statement, {title}")
        ),
        "weights": _data_uri(drawn.weights_svg(report, f"Domain weights, {title}")),
    }


def _defined(value: float) -> float | None:
    return None if math.isnan(value) else value


def icc_rows(report: StudyReport) -> list[tuple[str, float | None, float | None, float | None]]:
    """Each coefficient with its interval, None where the ratings leave it undefined."""
    icc = report.analysis.icc
    if icc is None:
        return []
    rows = [
        ("ICC(1,1)", icc.icc1, icc.icc1_ci),
        ("ICC(2,1)", icc.icc2, icc.icc2_ci),
        ("ICC(3,1)", icc.icc3, icc.icc3_ci),
        ("ICC(1,k)", icc.icc1k, icc.icc1k_ci),
        ("ICC(2,k)", icc.icc2k, icc.icc2k_ci),
        ("ICC(3,k)", icc.icc3k, icc.icc3k_ci),
    ]
    out = [(label, _defined(v), _defined(ci[0]), _defined(ci[1])) for label, v, ci in rows]
    return [*out, ("Coefficient alpha", _defined(icc.alpha), None, None)]


def context(report: StudyReport, *, with_charts: bool = True) -> dict[str, Any]:
    return {
        "report": report,
        "study": report.study,
        "program": report.study.program,
        "json": report.as_json(),
        "charts": charts(report) if with_charts else {},
        "scales": list(report.study.scales.all()),
        "icc_rows": icc_rows(report),
        "issuer_name": issuer_name(),
        "made_at": timezone.now(),
    }


def report_pdf(report: StudyReport) -> bytes:
    html = render_to_string("jobanalysis/pdf/report.html", context(report))
    # Only the document's own data: URIs load; no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def report_json(report: StudyReport) -> str:
    return json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n"


def file_name(report: StudyReport, suffix: str) -> str:
    study = report.study
    return f"{study.program.designation}-job-analysis-{study.pk}.{suffix}"
