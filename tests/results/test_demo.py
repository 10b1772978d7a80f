"""The demo's scoring: a two-round study, the body's cut, a released window, the tour's two
candidates (a pass that waits as a certification decision, a fail with domain feedback), and a
fail overturned on appeal after a key correction."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from hallmark.certification.models import CertificationDecision
from hallmark.results.data import EquatingStatus, RunStatus
from hallmark.results.models import CutScoreDecision, Equating, Result, ScoringRun, Study

pytestmark = pytest.mark.django_db(transaction=True)
README = Path(__file__).resolve().parents[2] / "README.md"
REPORT_DOCS = README.parent / "docs" / "technical-report.md"


def test_the_demo_sets_a_cut_and_releases_results(capsys, client, tmp_path) -> None:
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "results: CESP-2026-A modified Angoff" in out
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
    _assert_the_field_test_shows_dif_and_its_decision(client)
    _assert_the_second_form_carries_the_standard_by_equating(out)
    _assert_the_technical_report_has_both_forms(out, tmp_path, capsys)
    _assert_the_readme_quotes_the_demo(study, run, taylor)
    _assert_a_fail_is_overturned_on_appeal_after_a_rekey(out, client)


def _assert_the_field_test_shows_dif_and_its_decision(client) -> None:
    """The demo's field test: a C item with the panel's decision, on the run's page too."""
    from django.urls import reverse

    from hallmark.accounts.models import User
    from hallmark.results.fairness_demo import FIELD_TEST, KEEP_REASON, dif_position
    from hallmark.results.models import DifReview

    run = ScoringRun.objects.get(window__name=FIELD_TEST)
    studied = dif_position(run.form)
    language = next(
        c for c in run.analysis["dif"]["comparisons"] if c["variable"] == "first_language"
    )
    assert language["c_items"] == [str(studied)] and language["n_focal"] >= 100
    review = DifReview.objects.get(form_item__form=run.form, form_item__position=studied)
    assert review.decision == "keep" and review.by.email == "reviewer@example.org"
    client.force_login(User.objects.get(email="reviewer@example.org"))
    page = client.get(reverse("results:dif-item", args=[run.pk, studied])).content.decode()
    assert "Another language" in page and KEEP_REASON[:40] in page
    client.force_login(User.objects.get(email="psychometrician@example.org"))
    pages = {}
    for shown in (run, ScoringRun.objects.get(status=RunStatus.RELEASED, form__code="CESP-2026-A")):
        pages[shown.pk] = client.get(reverse("results:run", args=[shown.pk])).content.decode()
        assert "Decision consistency" in pages[shown.pk] and "Livingston-Lewis" in pages[shown.pk]
        assert f"{shown.analysis['consistency']['accuracy']:.3f}" in pages[shown.pk]
    line = f"Item {studied}: class C for first language Another language vs English"
    assert line in pages[run.pk]


def _assert_the_second_form_carries_the_standard_by_equating(out: str) -> None:
    assert "CESP-2026-B equated to CESP-2026-A" in out
    approved = Equating.objects.get(status=EquatingStatus.APPROVED, form__code="CESP-2026-B")
    assert approved.form.code == "CESP-2026-B" and approved.base_form.code == "CESP-2026-A"
    assert approved.reason and approved.approved_by.email == "psychometrician@example.org"
    assert Equating.objects.filter(form=approved.form, design="random-groups").exists()
    runs = {r.form.code: r for r in ScoringRun.objects.filter(status=RunStatus.RELEASED)}
    base, second = runs["CESP-2026-A"], runs["CESP-2026-B"]
    # The cut is carried, not copied: the table's lowest score at or above the base form's cut.
    table = approved.methods[approved.method]["table"]
    carried = min(r["score"] for r in table if r["equated"] >= base.rules["raw_cut"])
    assert second.rules["raw_cut"] == approved.raw_cut == carried
    assert second.rules["equating"]["base_raw_cut"] == base.rules["raw_cut"]
    assert second.cut == base.cut  # one standard: the Angoff decision on the base form
    assert base.rules["scale"][1] == second.rules["scale"][1] == approved.scaled_cut == 500
    for run in (base, second):
        assert all((r.scaled >= 500) == r.passed for r in run.results.all())


def _assert_the_technical_report_has_both_forms(out: str, tmp_path, capsys) -> None:
    """The demo names the report's page and command; the command reports both forms."""
    import json

    assert (
        "/results/staff/report/CESP/" in out and "hallmark report technical --program CESP" in out
    )
    pdf, figures = tmp_path / "CESP-report.pdf", tmp_path / "CESP-report.json"
    call_command(
        "report", "technical", "--program", "CESP", "--out", str(pdf), "--json", str(figures)
    )
    assert "forms CESP-2026-A, CESP-2026-B" in capsys.readouterr().out
    forms = {f["code"]: f for f in json.loads(figures.read_text())["forms"]}
    assert list(forms) == ["CESP-2026-A", "CESP-2026-B"]
    base, second = forms["CESP-2026-A"], forms["CESP-2026-B"]
    assert base["equated_to"] is None and second["equated_to"] == "CESP-2026-A"
    assert second["equating_method"] == "true-score"
    assert base["cut_scaled"] == second["cut_scaled"] == 500
    runs = {r.form.code: r for r in ScoringRun.objects.filter(status=RunStatus.RELEASED)}
    for code, form in forms.items():
        run = runs[code]
        assert form["candidates"] == run.results.count()
        assert form["reliability"] == pytest.approx(run.analysis["reliability"]["alpha"], abs=1e-6)
        consistency = run.analysis["consistency"]
        assert form["decision_accuracy"] == pytest.approx(consistency["accuracy"], abs=1e-6)
    assert pdf.read_bytes().startswith(b"%PDF")
    _assert_the_docs_quote_the_report(forms)


def _quoted(pattern: str) -> tuple[str, ...]:
    found = re.search(pattern, README.read_text())
    assert found, f"the README's tour no longer quotes {pattern!r}"
    return found.groups()


def _assert_the_readme_quotes_the_demo(study: Study, run: ScoringRun, taylor: Result) -> None:
    """The figures the README's tour quotes are the ones the seeded demo shows."""
    from hallmark.results.reports import study_report

    report = study_report(study)
    first, second = (r.angoff for r in report.rounds)
    assert report.hofstee is not None and first is not None and second is not None
    passed = run.results.filter(passed=True).count()
    assert _quoted(
        r"round 1 cut ([\d.]+), SE ([\d.]+); round 2 ([\d.]+), SE ([\d.]+); Hofstee ([\d.]+); "
        r"cut (\d+) of (\d+); (\d+) of (\d+) pass"
    ) == (
        f"{first.cut:.2f}",
        f"{first.se:.2f}",
        f"{second.cut:.2f}",
        f"{second.se:.2f}",
        f"{report.hofstee.cut:.1f}",
        str(run.rules["raw_cut"]),
        str(run.rules["max_raw"]),
        str(passed),
        str(run.results.count()),
    )
    approved = Equating.objects.get(status=EquatingStatus.APPROVED, form__code="CESP-2026-B")
    second_run = ScoringRun.objects.get(status=RunStatus.RELEASED, form=approved.form)
    assert _quoted(
        r"CESP-2026-B needs (\d+) of 115 where CESP-2026-A needs (\d+), both pass at scaled "
        r"(\d+); (\d+) of (\d+) pass CESP-2026-B"
    ) == (
        str(approved.raw_cut),
        str(approved.base_raw_cut),
        str(approved.scaled_cut),
        str(second_run.results.filter(passed=True).count()),
        str(second_run.results.count()),
    )
    assert _quoted(r"a fail \((\d+) of 115, scaled (\d+)\)") == (
        str(taylor.raw),
        str(taylor.scaled),
    )
    # a standard and a pass rate like a real certification's (the CESP publishes 82 of 115)
    assert 0.65 <= run.rules["raw_cut"] / run.rules["max_raw"] <= 0.75
    first_time = run.results.exclude(candidate__email="retake@example.org")
    rate = first_time.filter(passed=True).count() / first_time.count()
    assert 0.6 <= rate <= 0.8


def _assert_the_docs_quote_the_report(forms: dict) -> None:
    """docs/technical-report.md's example JSON is the demo's: every figure it quotes."""
    example = REPORT_DOCS.read_text().split("```json\n", 1)[1].split("```", 1)[0]
    for code, quoted in re.findall(r'"code": "([\w-]+)"(.*?)\}', example, re.S):
        pairs = re.findall(r'"(\w+)": ("[^"]*"|null|[\d.]+)', quoted)
        assert pairs, f"no figures quoted for {code}"
        for key, text in pairs:
            value = None if text == "null" else text.strip('"') if text[0] == '"' else float(text)
            assert forms[code][key] == (
                value if not isinstance(value, float) else pytest.approx(value, abs=1e-6)
            ), f"docs/technical-report.md quotes {key} {text} for {code}"


def _assert_a_fail_is_overturned_on_appeal_after_a_rekey(out: str, client) -> None:
    """The tour's second appeal: a verified fail one point short, a key correction of one item,
    a panel of three overturns, and the corrected pass is released and waits for a decision as
    any pass does (its window, still open, stays out of the technical report above)."""
    from django.urls import reverse

    from hallmark.certification.data import AppealOutcome, AppealStatus, AppealSubject
    from hallmark.certification.models import Appeal
    from hallmark.results.data import KeyAction
    from hallmark.results.models import KeyOverride, ResultCorrection

    appeal = Appeal.objects.get(appellant__email="marcus.bell@example.org")
    assert (appeal.subject, appeal.outcome) == (AppealSubject.RESULT, AppealOutcome.OVERTURNED)
    assert appeal.status == AppealStatus.CLOSED and appeal.panel is not None
    assert appeal.reference.endswith("-0002")  # after Grace Liu's: the README names it
    assert appeal.panel.sitting().filter(vote=AppealOutcome.OVERTURNED).count() == 3
    assert appeal.panel.sitting().get(chair=True).reviewer.email == "panel@example.org"
    correction = ResultCorrection.objects.get(reference=appeal.reference)
    before, after = correction.before, correction.after
    assert before == appeal.result and correction.by == appeal.decided_by
    assert (before.passed, before.raw, after.passed, after.raw) == (
        False,
        before.raw_cut - 1,
        True,
        after.raw_cut,
    )
    assert appeal.applied == (
        f"Overturned: The result is corrected on {appeal.reference} to {after.scaled}, pass."
    )
    form = after.run.form
    [corrected_key] = KeyOverride.objects.filter(form_item__form=form).exclude(
        action=KeyAction.KEEP
    )
    assert corrected_key.action == KeyAction.ACCEPT and corrected_key.keys == ["A", "B"]
    assert corrected_key.by.email == "psychometrician@example.org"
    assert form.code == "CESP-2026-C" and form.status == "retired"
    assert not form.windows.exclude(pk=after.run.window_id)  # no other window delivers it
    decision = CertificationDecision.objects.get(candidate=after.candidate)
    assert decision.status == "pending" and "released" in decision.source
    assert f"{appeal.reference}, Marcus Bell's appeal of his failed result" in out
    client.force_login(after.candidate)
    page = client.get(reverse("results:mine", args=[after.pk])).content.decode()
    assert "Result: <strong>Pass</strong>" in page
    assert f"corrected on appeal {appeal.reference}" in page
    assert "marcus.bell@example.org" in README.read_text()
