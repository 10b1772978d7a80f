"""The study's report on the hand-worked study of conftest: its figures recomputed from the
responses equal the adopted outline's weights and blueprint, the tagged PDF, the command's
files and refusals, and who may download it."""

import base64
import io
import json
from decimal import Decimal

import numpy as np
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from hallmark.accounts import demo as accounts_demo
from hallmark.accounts.roles import sync_roles
from hallmark.jobanalysis import demo, services
from hallmark.jobanalysis.models import Study, StudyAnalysis
from hallmark.jobanalysis.report import study_report
from hallmark.jobanalysis.report_document import charts, report_pdf
from hallmark.programs import demo as programs_demo

from .conftest import IMPORTANCE, Ground
from .test_study_end_to_end import run_survey

HAND_IMPORTANCE = [3.0, 3.0, 2.0, 4.0, 3.0]
HAND_FREQUENCY = [3.0, 2.0, 1.0, 2.5, 1 / 3]
HAND_PERFORMING = [100, 100, 100, 50, 100 / 3]


@pytest.fixture
def closed(cast, ground: Ground, django_capture_on_commit_callbacks) -> Ground:
    """The survey run and closed: thirty good respondents, a speeder and a straight-liner."""
    run_survey(ground, cast, django_capture_on_commit_callbacks)
    services.flag_quality(ground.study, by=cast.manager)
    services.close_survey(ground.study, by=cast.manager)
    ground.study.refresh_from_db()
    return ground


def _icc2k_by_hand() -> float:
    """ICC(2,k) (Shrout & Fleiss 1979, case 2) of the thirty respondents' importance ratings:
    statements are the targets, respondents the judges."""
    x = np.array([[IMPORTANCE[c][0 if i < 15 else 1] for c in IMPORTANCE] for i in range(30)]).T
    n, k = x.shape
    grand = x.mean()
    bms = k * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    jms = n * ((x.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    ems = (((x - grand) ** 2).sum() - bms * (n - 1) - jms * (k - 1)) / ((n - 1) * (k - 1))
    return float((bms - ems) / (bms + (jms - ems) / n))


def _outline_figures(study) -> tuple[list[dict], list[dict]]:
    outline = study.adopted_outline
    domains = [{"code": d.code, "weight": float(d.weight)} for d in outline.domains.all()]
    counts = [{"domain": d.code, "items": n} for d, n in outline.blueprints.get().domain_counts()]
    return domains, counts


def test_it_gives_the_hand_worked_figures(closed: Ground) -> None:
    figures = study_report(closed.study).as_json()
    study = closed.study
    assert (figures["study"], figures["program"]) == (study.pk, study.program.designation)
    assert (figures["respondents"], figures["invited"]) == (30, 10)
    assert figures["response_rate"] == pytest.approx(80.0)
    assert figures["reliability"] == pytest.approx(_icc2k_by_hand())
    rows = figures["statements"]
    assert [s["code"] for s in rows] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert [s["n"] for s in rows] == [30] * 5
    assert [s["importance_mean"] for s in rows] == pytest.approx(HAND_IMPORTANCE)
    assert [s["frequency_mean"] for s in rows] == pytest.approx(HAND_FREQUENCY)
    assert [s["performed_pct"] for s in rows] == pytest.approx(HAND_PERFORMING)
    assert [s["included"] for s in rows] == [True, True, False, True, False]
    assert figures["domains"] == [{"code": "1", "weight": 60.0}, {"code": "2", "weight": 40.0}]
    assert figures["blueprint"] == [{"domain": "1", "items": 29}, {"domain": "2", "items": 19}]
    details = {s["code"]: s for s in figures["statement_details"]}
    # each competency's weight: importance x frequency 9, 6 and 10 of 25; the others are out
    assert {c: d["weight"] for c, d in details.items()} == {
        "1.1": pytest.approx(36.0),
        "1.2": pytest.approx(24.0),
        "1.3": None,
        "2.1": pytest.approx(40.0),
        "2.2": None,
    }
    assert details["1.3"]["reasons"] == ["mean importance 2.00 < 2.50"]
    assert details["2.2"]["reasons"] == ["performed by 33.3% < 50.0%"]
    flagged = {(c["statement"], c["variable"]): c["flagged"] for c in figures["subgroups"]}
    assert flagged[("1.1", "setting")] == ["community", "school"]
    assert figures["sample"]["funnel"]["excluded"] == {
        "Speeder (under a third of the median time)": 1,
        "Straight-liner (one rating for every statement)": 1,
    }
    assert "@" not in json.dumps(figures)  # no address


def test_the_adopted_outline_is_reproduced_from_the_responses(cast, closed: Ground) -> None:
    study = closed.study
    services.mark_analysed(study, by=cast.manager)
    services.adopt(study, by=cast.manager)
    study.refresh_from_db()
    figures = study_report(study).as_json()
    domains, counts = _outline_figures(study)
    assert (figures["domains"], figures["blueprint"]) == (domains, counts)
    assert sum(d["weight"] for d in figures["domains"]) == 100


def test_the_panels_decisions_and_adjustments_carry_into_the_report(cast, closed: Ground) -> None:
    study, statements = closed.study, closed.statements
    services.decide_borderline(
        study, statements["2.2"], "keep", reason="Rare but vital", by=cast.manager
    )
    services.decide_borderline(
        study, statements["2.2"], "drop", reason="On reflection, rare", by=cast.manager
    )
    services.decide_borderline(
        study, statements["1.3"], "keep", reason="Entry-level safety", by=cast.manager
    )
    services.mark_analysed(study, by=cast.manager)
    for code, weight in (("1", "65"), ("2", "35")):
        domain = closed.outline.domains.get(code=code)
        services.adjust_weight(study, domain, Decimal(weight), reason="Panel", by=cast.manager)
    services.adopt(study, by=cast.manager)
    study.refresh_from_db()

    report = study_report(study)
    figures = report.as_json()
    domains, counts = _outline_figures(study)
    assert (figures["domains"], figures["blueprint"]) == (domains, counts)
    # 1.3 kept (2 x 1 = 2): domain 1 17 of 27, domain 2 10 of 27; the panel's 65 / 35 win.
    rows = {d["code"]: d for d in figures["domain_weights"]}
    assert (rows["1"]["computed"], rows["2"]["computed"]) == (62.96, 37.04)
    assert (rows["1"]["final"], rows["2"]["final"], rows["1"]["reason"]) == (65.0, 35.0, "Panel")
    assert [b["items"] for b in figures["blueprint"]] == [31, 17]
    details = {s["code"]: s for s in figures["statement_details"]}
    assert (details["1.3"]["decision"], details["1.3"]["included"]) == ("keep", True)
    assert (details["2.2"]["decision"], details["2.2"]["decision_reason"]) == (
        "drop",
        "On reflection, rare",
    )
    assert not details["2.2"]["included"]


def test_it_is_recomputed_from_the_responses_not_the_fixed_analysis(cast, closed: Ground) -> None:
    services.mark_analysed(closed.study, by=cast.manager)
    before = study_report(closed.study).as_json()
    snapshot = StudyAnalysis.objects.get(study=closed.study)
    snapshot.figures = {**snapshot.figures, "respondents": 999, "inclusion": []}
    snapshot.save()
    assert study_report(closed.study).as_json() == before


def test_the_charts_carry_their_title_and_numbers(closed: Ground) -> None:
    drawn = charts(study_report(closed.study))
    svg = {
        name: base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode()
        for name, uri in drawn.items()
    }
    assert "<title>Domain weights, 2026 practice analysis</title>" in svg["weights"]
    assert "domain 1 computed 60.00%, final 60.00%; domain 2 computed 40.00%" in svg["weights"]
    assert "<desc>Each of 5 statements" in svg["ratings"] and "3 kept" in svg["ratings"]
    assert "minimum mean importance, 2.50" in svg["ratings"]


# --- the PDF and the command ----------------------------------------------------------------


def test_the_pdf_is_tagged_and_names_the_study(tmp_path, closed: Ground, capsys) -> None:
    out, figures = tmp_path / "study.pdf", tmp_path / "study.json"
    args = ("--study", str(closed.study.pk), "--out", str(out), "--json", str(figures))
    call_command("jobanalysis", "report", *args)
    said = capsys.readouterr().out.strip()
    assert said.count("\n") == 0 and str(out) in said and str(figures) in said
    assert "30 respondents" in said and "response rate 80.0%" in said
    assert json.loads(figures.read_text()) == study_report(closed.study).as_json()
    reader = pypdf.PdfReader(out)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in (
        "2026 practice analysis",
        "Employment Support",
        "job analysis study report",
        "Statement 2.1",
        "mean importance 2.00 < 2.50",
        "ICC(2,k)",
        "Table 7. Domain weights",
        "Figure 1.",
        "80.0%",
    ):
        assert words in text, words


def test_it_writes_only_the_json_when_asked(tmp_path, closed: Ground) -> None:
    figures = tmp_path / "only.json"
    call_command("jobanalysis", "report", "--study", str(closed.study.pk), "--json", str(figures))
    assert json.loads(figures.read_text())["respondents"] == 30
    assert list(tmp_path.iterdir()) == [figures]


def _refused(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        call_command("jobanalysis", "report", *args)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    return err


def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path, cast, closed: Ground, ground: Ground, capsys
) -> None:
    study = str(closed.study.pk)
    pdf, figures = tmp_path / "r.pdf", tmp_path / "r.json"
    assert "no job-analysis study is numbered 9999" in _refused(
        capsys, "--study", "9999", "--out", str(pdf)
    )
    assert "numbered 99999999999999999999" in _refused(
        capsys, "--study", "99999999999999999999", "--out", str(pdf)
    )
    assert "no job-analysis study is numbered x1" in _refused(
        capsys, "--study", "x1", "--out", str(pdf)
    )
    assert "name a file to write" in _refused(capsys, "--study", study)
    assert "--out and --json name the same file" in _refused(
        capsys, "--study", study, "--out", str(pdf), "--json", str(pdf)
    )
    assert f"{tmp_path} is a folder" in _refused(capsys, "--study", study, "--out", str(tmp_path))
    assert "is not a folder" in _refused(
        capsys, "--study", study, "--json", str(tmp_path / "nowhere" / "r.json")
    )
    assert list(tmp_path.iterdir()) == []

    figures.write_text("kept")
    message = _refused(capsys, "--study", study, "--out", str(pdf), "--json", str(figures))
    assert f"{figures} exists" in message and "--force" in message
    assert figures.read_text() == "kept" and not pdf.exists()
    call_command("jobanalysis", "report", "--study", study, "--json", str(figures), "--force")
    assert json.loads(figures.read_text())["study"] == closed.study.pk

    empty = services.create_study(
        closed.study.program, closed.outline, "No answers yet", by=cast.manager
    )
    message = _refused(capsys, "--study", str(empty.pk), "--out", str(pdf))
    assert "no completed responses to analyse" in message and not pdf.exists()


# --- the staff's downloads ------------------------------------------------------------------


def test_only_those_who_see_the_study_download_its_report(client, cast, closed: Ground) -> None:
    pk = closed.study.pk
    pdf = reverse("jobanalysis:staff-report-pdf", args=[pk])
    figures = reverse("jobanalysis:staff-report-json", args=[pk])
    assert client.get(pdf).status_code == 302  # to the sign-in page
    for person in (cast.candidate, cast.officer, cast.panelist, cast.outsider):
        client.force_login(person)
        assert client.get(pdf).status_code == 403
        assert client.get(figures).status_code == 403
    for person in (cast.manager, cast.psychometrician):
        client.force_login(person)
        response = client.get(figures)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert json.loads(response.content) == study_report(closed.study).as_json()
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("jobanalysis:staff-report-pdf", args=[9999])).status_code == 404


def test_the_analysis_page_offers_the_report(client, cast, closed: Ground) -> None:
    client.force_login(cast.psychometrician)
    page = client.get(reverse("jobanalysis:staff-analysis", args=[closed.study.pk])).text
    for name in ("staff-report-pdf", "staff-report-json"):
        assert f'href="{reverse(f"jobanalysis:{name}", args=[closed.study.pk])}"' in page


def test_a_study_without_responses_has_no_report_to_download(client, cast, ground) -> None:
    client.force_login(cast.psychometrician)
    response = client.get(reverse("jobanalysis:staff-report-json", args=[ground.study.pk]))
    assert response.status_code == 409
    assert "no completed responses" in response.content.decode()


@pytest.mark.django_db
def test_the_demos_published_outline_is_reproduced_from_its_survey() -> None:
    """A national sample with exclusions, a statement the panel kept and adjusted weights."""
    sync_roles()
    accounts_demo.seed()
    programs_demo.seed()
    demo.seed()
    study = Study.objects.get(title=demo.COMPLETED_TITLE)
    figures = study_report(study).as_json()
    domains, counts = _outline_figures(study)
    assert (figures["domains"], figures["blueprint"]) == (domains, counts)
    assert figures["respondents"] == study.analysis.figures["respondents"]
    kept = {c.code for d in study.adopted_outline.domains.all() for c in d.competencies.all()}
    assert {s["code"] for s in figures["statements"] if s["included"]} == kept

    # The sample against its plan and the response rates by cell, in the PDF too.
    assert {p["question"] for p in figures["sample"]["plan_comparisons"]} == {"region", "setting"}
    reader = pypdf.PdfReader(io.BytesIO(report_pdf(study_report(study))))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in ("Table 2.1.", "against the sampling plan", "Region: South", "Table 4.2."):
        assert words in text, words
