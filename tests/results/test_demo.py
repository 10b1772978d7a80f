"""The demo's scoring: a two-round study, the body's cut, a released window, and the tour's
two candidates (a pass that waits as a certification decision, a fail with domain feedback)."""

import pytest
from django.core.management import call_command

from hallmark.certification.models import CertificationDecision
from hallmark.results.data import EquatingStatus, RunStatus
from hallmark.results.models import CutScoreDecision, Equating, Result, ScoringRun, Study

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_sets_a_cut_and_releases_results(capsys) -> None:
    call_command("demo", no_serve=True)
    assert "results: CESP-2026-A modified Angoff" in capsys.readouterr().out
    study = Study.objects.get()
    assert (
        study.rounds.count() == 2 and study.panelists.filter(signed_at__isnull=False).count() == 3
    )
    assert study.hofstee.count() == 3
    cut = CutScoreDecision.objects.get(superseded_at__isnull=True)
    assert cut.study == study and cut.decided_by.email == "manager@example.org"
    run = ScoringRun.objects.get(status=RunStatus.RELEASED, form__code="CESP-2026-A")
    assert run.results.filter(passed=True).exists() and run.results.filter(passed=False).exists()
    sam = Result.objects.get(run=run, candidate__email="sam.patel@example.org")
    assert sam.passed and sam.scaled >= 500
    decision = CertificationDecision.objects.get(candidate=sam.candidate)
    assert "released" in decision.source
    taylor = Result.objects.get(run=run, candidate__email="retake@example.org")
    assert not taylor.passed and taylor.scaled < 500 and len(taylor.domains) == 5
    assert taylor.theta is not None  # the form's items carry IRT parameters


def test_the_demo_carries_the_standard_to_the_second_form_by_equating(capsys) -> None:
    call_command("demo", no_serve=True)
    assert "CESP-2026-B equated to CESP-2026-A" in capsys.readouterr().out
    approved = Equating.objects.get(status=EquatingStatus.APPROVED)
    assert approved.form.code == "CESP-2026-B" and approved.base_form.code == "CESP-2026-A"
    assert approved.reason and approved.approved_by.email == "psychometrician@example.org"
    assert Equating.objects.filter(form=approved.form, design="random-groups").exists()
    runs = {r.form.code: r for r in ScoringRun.objects.filter(status=RunStatus.RELEASED)}
    base, second = runs["CESP-2026-A"], runs["CESP-2026-B"]
    assert second.rules["raw_cut"] == approved.raw_cut != base.rules["raw_cut"]
    assert second.rules["equating"]["base_raw_cut"] == base.rules["raw_cut"]
    assert second.cut == base.cut  # one standard: the Angoff decision on the base form
    assert base.rules["scale"][1] == second.rules["scale"][1] == approved.scaled_cut == 500
    for run in (base, second):
        assert all((r.scaled >= 500) == r.passed for r in run.results.all())
