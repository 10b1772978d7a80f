"""The technical report's job-analysis chapter: the study the published outline was adopted
from, in the JSON, the PDF and the staff page."""

import json

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from hallmark.jobanalysis.report import study_report

from factories.job_analysis import adopted_study
from factories.technical import technical_ground

pytestmark = pytest.mark.django_db


def test_the_report_carries_the_study_the_outline_came_from(tmp_path, client, cast) -> None:
    ground = technical_ground(cast)
    study = adopted_study(ground.program, cast.manager)
    out, figures = tmp_path / "report.pdf", tmp_path / "report.json"
    call_command(
        "report", "technical", "--program", "TR", "--out", str(out), "--json", str(figures)
    )
    chapter = json.loads(figures.read_text())["job_analysis"]
    outline = ground.program.current_outline()
    assert outline == study.adopted_outline
    assert (chapter["study"], chapter["title"], chapter["outline_version"]) == (
        study.pk,
        "Practice analysis",
        outline.version,
    )
    assert (chapter["opened"], chapter["closed"]) == ("2026-02-02", "2026-02-22")
    assert (chapter["respondents"], chapter["response_rate"]) == (12, None)  # open link only
    recomputed = study_report(study).as_json()
    assert chapter["reliability"] == recomputed["reliability"] is not None
    weights = {w["domain"]: w for w in chapter["weights"]}
    assert {d.code: float(d.weight) for d in outline.domains.all()} == {
        code: w["final"] for code, w in weights.items()
    }
    assert (weights["A"]["adjusted"], weights["A"]["reason"]) == (55.0, "Panel's view")
    assert sum(w["computed"] for w in weights.values()) == pytest.approx(100)
    assert weights["A"]["computed"] != 55.0  # the panel's weight is not the computed one

    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in ("The job analysis study", "“Practice analysis”", "Panel's view", "12 resp"):
        assert words in text, words

    client.force_login(cast.psychometrician)
    page = client.get(reverse("results:technical-report", args=["TR"])).content.decode()
    assert "The job analysis study" in page and "Domain weights of" in page
    assert "Panel&#x27;s view" in page
