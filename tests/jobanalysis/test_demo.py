"""The demo's job analysis: the published CESP outline, its weights and blueprint come from the
2025 study, and the 2026 study's survey is open. One test seeds once and checks the trail."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from hallmark.accounts import demo as accounts_demo
from hallmark.accounts.roles import sync_roles
from hallmark.jobanalysis import demo
from hallmark.jobanalysis.data import ExclusionReason, StudyStatus
from hallmark.jobanalysis.models import Study
from hallmark.programs import demo as programs_demo
from hallmark.programs.models import Program

pytestmark = pytest.mark.django_db


def test_the_published_outline_is_traceable_to_the_study_and_a_survey_is_open(tmp_path) -> None:
    sync_roles()
    accounts_demo.seed()
    programs_demo.seed()
    lines = demo.seed()
    program = Program.objects.get(designation="CESP")
    done = Study.objects.get(title=demo.COMPLETED_TITLE)
    outline = program.current_outline()
    assert outline is not None and done.adopted_outline == outline
    assert done.status == StudyStatus.ADOPTED and done.draft_outline.version < outline.version
    assert done.title in outline.job_analysis and not done.draft_outline.is_published

    # the weights the outline states, within a point of the survey's (the panel's reason says so)
    weights = {d.code: d.weight for d in outline.domains.all()}
    assert weights == {s.code: Decimal(s.weight) for s in programs_demo.CESP_OUTLINE}
    adjustments = list(done.adjustments.all())
    assert len(adjustments) == 5
    for a in adjustments:
        assert abs(a.adjusted_weight - a.computed_weight) < 1, a
    blueprint = outline.blueprints.get()
    assert [n for _, n in blueprint.domain_counts()] == [17, 25, 29, 27, 17]
    assert (blueprint.scored_length, blueprint.pretest_length) == (115, 20)

    # the statements: two left out by the criteria, one kept by the panel, one reworded
    codes = set(outline.domains.values_list("competencies__code", flat=True))
    assert codes == {c.code for s in programs_demo.CESP_OUTLINE for c in s.competencies}
    figures = done.analysis.figures
    left_out = {i["statement"] for i in figures["inclusion"] if not i["included"]}
    assert left_out == {"1.5", "2.6", "4.6"}
    assert done.comments.get(decision="keep").competency.code == "1.5"
    edit = done.comments.exclude(new_text="").get()
    assert edit.competency.code == "5.3" and edit.old_text == demo.REWORDED["5.3"]

    # a national sample with exclusions, a subgroup that differs, and a response rate
    assert 300 <= figures["respondents"] <= 450 and figures["invited"] == 560
    reasons = set(done.responses.filter(excluded=True).values_list("exclusion_reason", flat=True))
    assert reasons == {
        ExclusionReason.SPEEDER,
        ExclusionReason.STRAIGHT_LINER,
        ExclusionReason.SCREENED_OUT,
    }
    flagged = {(s["statement"], tuple(s["flagged"])) for s in figures["subgroups"] if s["flagged"]}
    assert ("3.1", ("School transition program",)) in flagged
    assert 50 < figures["response_rate"] < 70

    # the 2026 study is open, with answers coming in, and its link is printed
    live = Study.objects.get(title=demo.OPEN_TITLE)
    assert live.status == StudyStatus.SURVEY_OPEN
    assert live.responses.filter(completed_at__isnull=False).exists()
    assert any(f"/job-analysis/{live.pk}/" in line for line in lines)
    assert set(live.scales.values_list("key", flat=True)) == {
        "importance",
        "frequency",
        "criticality",
    }

    _assert_the_report_command_reproduces_the_outline(done, tmp_path)
    _assert_the_readme_quotes_the_study(done)

    # seeding again changes nothing
    assert demo.seed() == lines
    assert Study.objects.count() == 2 and program.outlines.count() == 3


def _assert_the_report_command_reproduces_the_outline(study: Study, tmp_path: Path) -> None:
    """The report, recomputed from the responses by the command, gives the outline's weights
    and its blueprint's counts."""
    out = tmp_path / "ja.json"
    call_command("jobanalysis", "report", "--study", str(study.pk), "--json", str(out))
    report = json.loads(out.read_text())
    outline = study.adopted_outline
    assert report["study"] == study.pk and report["program"] == "CESP"
    assert {d["code"]: Decimal(str(d["weight"])) for d in report["domains"]} == {
        d.code: d.weight for d in outline.domains.all()
    }
    blueprint = outline.blueprints.get()
    assert [b["items"] for b in report["blueprint"]] == [n for _, n in blueprint.domain_counts()]
    assert report["respondents"] == study.analysis.figures["respondents"]


def _assert_the_readme_quotes_the_study(study: Study) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    figures = study.analysis.figures
    quoted = re.search(
        r"(\d+) respondents analysed of (\d+) invited \(([\d.]+)% of invitations completed\)",
        readme,
    )
    assert quoted, "README quotes no job analysis sample"
    assert (int(quoted[1]), int(quoted[2])) == (figures["respondents"], figures["invited"])
    assert float(quoted[3]) == round(figures["response_rate"], 1)
    j = figures["statements"].index("1.5")
    mean = figures["statistics"]["scales"]["importance"]["statements"][j]["mean"]
    assert f"keep 1.5 (mean importance {mean:.2f}, under the 2.5 line)" in readme
    assert f"ICC(2,k) {figures['icc']['ICC(2,k)']:.2f}" in readme
