"""One standard across forms: the base form's cut carried to a second form by an approved
equating, checked against the pure package and an independent computation."""

import io
import random
import warnings

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from hallmark.itembank.models import ItemStatistics
from hallmark.psychometrics.equating import equate_irt, equate_random_groups
from hallmark.psychometrics.irt import ItemParameters
from hallmark.results import equating, services
from hallmark.results.data import EquatingStatus, KeyAction, RunStatus
from hallmark.results.models import CutScoreDecision, Equating

from factories import decided_cut, keyed_form, reporting_scale, submitted_session
from factories.exams import TestingWindowFactory, ready_program

pytestmark = pytest.mark.django_db

N_ITEMS = 20
KEYS = ["ABCD"[j % 4] for j in range(N_ITEMS)]
WRONG = {"A": "B", "B": "C", "C": "D", "D": "A"}
BASE_CUT = "12"


def _answers(rng: random.Random, theta: float, shift: float) -> str:
    """Right with a Rasch probability; items get harder along the form, more so by `shift`."""
    out = []
    for j, key in enumerate(KEYS):
        b = -1.5 + 3 * j / N_ITEMS + shift
        out.append(key if rng.random() < 1 / (1 + np.exp(-(theta - b))) else WRONG[key])
    return "".join(out)


@pytest.fixture
def spiralled(cast):
    """Base form A and a harder form B, spiralled in one window: 60 candidates each."""
    program = ready_program()
    base = keyed_form(program, keys=KEYS, code="EQ-A")
    other = keyed_form(program, keys=KEYS, code="EQ-B")
    window = TestingWindowFactory(program=program, blueprint=base.blueprint)
    window.forms.add(base, other)
    reporting_scale(program)
    decided_cut(base, BASE_CUT, cast.manager)
    rng = random.Random(5)
    scores = {"A": [], "B": []}
    for i in range(120):
        form, shift, name = (base, 0.0, "A") if i % 2 == 0 else (other, 0.5, "B")
        text = _answers(rng, rng.gauss(0, 1), shift)
        session = submitted_session(form, text, window=window)
        scores[name].append((session, sum(a == k for a, k in zip(text, KEYS, strict=True))))
    return program, base, other, window, scores


def _counts(scores: list[tuple[object, int]]) -> np.ndarray:
    return np.bincount([s for _, s in scores], minlength=N_ITEMS + 1).astype(float)


def _approved(cast, other, window, method: str = "linear") -> Equating:
    proposed = equating.compute_equating(
        other, design="random-groups", window=window, by=cast.psychometrician
    )
    return equating.approve_equating(
        proposed,
        method=method,
        reason="Small groups: the linear SE is lowest.",
        by=cast.psychometrician,
    )


def test_random_groups_tables_are_the_packages_equating_of_the_same_scores(cast, spiralled) -> None:
    _program, _base, other, window, scores = spiralled
    proposed = equating.compute_equating(
        other, design="random-groups", window=window, by=cast.psychometrician
    )
    assert proposed.status == EquatingStatus.PROPOSED
    assert set(proposed.methods) == {"mean", "linear", "equipercentile", "equipercentile-smoothed"}
    x, y = _counts(scores["B"]), _counts(scores["A"])  # recounted from the answers given
    for method in ("mean", "linear", "equipercentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Lord's SE is undefined at empty score points
            expected = equate_random_groups(x, y, method)
        table = proposed.methods[method]["table"]
        assert [r["equated"] for r in table] == pytest.approx(expected.equated, abs=1e-6)
        se = [None if not np.isfinite(v) else pytest.approx(v, abs=1e-6) for v in expected.se]
        assert [r["se"] for r in table] == se
        got = proposed.methods[method]["moments"]["equated"]["mean"]
        assert got == pytest.approx(expected.moments["equated"]["mean"], abs=1e-6)


def test_scoring_the_second_form_applies_the_approved_conversion(cast, spiralled) -> None:
    _program, base, other, window, scores = spiralled
    approved = _approved(cast, other, window)
    base_run = services.score_window(window, base, by=cast.psychometrician)
    run = services.score_window(window, other, by=cast.psychometrician)
    # Independently: linear equating from the raw scores' means and (population) SDs.
    bx = np.array([s for _, s in scores["B"]], dtype=float)
    ay = np.array([s for _, s in scores["A"]], dtype=float)
    slope = ay.std() / bx.std()

    def line(x: float) -> float:
        return min(max(ay.mean() + slope * (x - bx.mean()), 0.0), N_ITEMS)

    base_cut = int(BASE_CUT)
    raw_cut = next(x for x in range(N_ITEMS + 1) if round(line(x), 6) >= base_cut)
    assert approved.raw_cut == raw_cut != base_cut  # the harder form needs fewer points
    assert run.rules["raw_cut"] == raw_cut and run.rules["equating"]["method"] == "linear"
    assert run.cut == base_run.cut  # one standard: the base form's decision
    for session, raw in scores["B"]:
        result = run.results.get(session=session)
        e = line(raw)
        if e < base_cut:
            expected = min(int(np.floor(200 + 300 * e / base_cut + 0.5)), 499)
        else:
            expected = int(np.floor(500 + 300 * (e - base_cut) / (N_ITEMS - base_cut) + 0.5))
        assert (result.raw, result.scaled, result.passed) == (raw, expected, raw >= raw_cut)
        assert (result.scaled >= 500) == result.passed
    assert approved.scaled_cut == 500


def test_approval_needs_a_reason_and_a_defined_method(cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    proposed = equating.compute_equating(
        other, design="random-groups", window=window, by=cast.psychometrician
    )
    with pytest.raises(ValidationError, match="say why"):
        equating.approve_equating(proposed, method="linear", reason=" ", by=cast.psychometrician)
    with pytest.raises(ValidationError, match="not one of its methods"):
        equating.approve_equating(proposed, method="tucker", reason="x", by=cast.psychometrician)
    with pytest.raises(PermissionDenied):
        equating.approve_equating(proposed, method="linear", reason="x", by=cast.manager)
    proposed.refresh_from_db()
    assert proposed.status == EquatingStatus.PROPOSED and proposed.method == ""


def test_a_second_approval_supersedes_the_first(cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    first = _approved(cast, other, window)
    second = _approved(cast, other, window, method="equipercentile")
    first.refresh_from_db()
    assert first.status == EquatingStatus.SUPERSEDED and first.reason  # kept, not edited
    assert second.status == EquatingStatus.APPROVED


def test_the_second_form_is_never_scored_without_an_equating(cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    with pytest.raises(ValidationError, match=r"not the base form .* none is in force"):
        services.score_window(window, other, by=cast.psychometrician)


def test_standard_setting_on_a_second_form_is_refused_unless_a_new_standard(
    cast, spiralled
) -> None:
    _program, base, other, _window, _scores = spiralled
    with pytest.raises(ValidationError, match="base form EQ-A"):
        services.decide_cut(other, raw_cut=10, rationale="Panel.", by=cast.manager)
    with pytest.raises(ValidationError, match="is the base form"):
        equating.compute_equating(base, design="irt", by=cast.psychometrician)
    services.decide_cut(
        other, raw_cut=10, rationale="New job analysis.", by=cast.manager, new_standard=True
    )
    assert CutScoreDecision.objects.get(superseded_at__isnull=True).form == other
    assert equating.base_form(other.program) == other


@pytest.mark.parametrize(("on_base", "action"), [(False, KeyAction.REKEY), (True, KeyAction.DROP)])
def test_a_key_change_invalidates_the_equating_and_holds_the_release(
    cast, spiralled, on_base, action
) -> None:
    _program, base, other, window, _scores = spiralled
    approved = _approved(cast, other, window)
    run = services.score_window(window, other, by=cast.psychometrician)
    for item in run.flagged:
        services.override_key(
            other.items.get(position=item["position"]), action=KeyAction.KEEP, reason="Fine.",
            by=cast.psychometrician,
        )  # fmt: skip
    assert equating.run_problems(run) == []
    form_item = (base if on_base else other).items.get(position=3)
    services.override_key(
        form_item, action=action, keys=["A"] if action == KeyAction.REKEY else [],
        reason="Two keys were defensible.", by=cast.psychometrician,
    )  # fmt: skip
    approved.refresh_from_db()
    assert approved.status == EquatingStatus.INVALIDATED
    assert "item 3" in approved.invalidated_why
    problems = services.release_problems(run)
    assert any("invalidated" in p and "Equate again" in p for p in problems)
    with pytest.raises(ValidationError):
        services.release_run(run, by=cast.psychometrician)
    with pytest.raises(ValidationError, match="invalidated: EQ-"):
        services.score_window(window, other, by=cast.psychometrician)
    again = _approved(cast, other, window)
    rescored = services.score_window(window, other, by=cast.psychometrician)
    assert rescored.rules["equating"]["id"] == again.pk
    assert equating.run_problems(rescored) == []


def test_released_runs_of_both_forms_report_one_scaled_cut(client, cast, spiralled) -> None:
    _program, base, other, window, _scores = spiralled
    approved = _approved(cast, other, window)
    for form in (base, other):
        run = services.score_window(window, form, by=cast.psychometrician)
        for item in run.flagged:
            services.override_key(
                form.items.get(position=item["position"]), action=KeyAction.KEEP,
                reason="Fine.", by=cast.psychometrician,
            )  # fmt: skip
    runs = {r.form: r for r in services.release(window, by=cast.psychometrician)}
    assert {r.status for r in runs.values()} == {RunStatus.RELEASED}
    frozen = runs[other].rules["equating"]
    assert frozen["table"] == [r["equated"] for r in approved.methods["linear"]["table"]]
    assert frozen["raw_cut"] == approved.raw_cut and "equating" not in runs[base].rules
    for run in runs.values():
        result = run.results.first()
        client.force_login(result.candidate)
        page = client.get(reverse("results:mine", args=[result.pk])).content.decode()
        assert "500 passes" in page
        assert result.raw_cut == (approved.raw_cut if run.form == other else int(BASE_CUT))


def test_pre_equating_uses_the_banks_irt_parameters(cast, spiralled) -> None:
    _program, base, other, _window, _scores = spiralled
    with pytest.raises(ValidationError, match="IRT parameters of every scored item"):
        equating.compute_equating(other, design="irt", by=cast.psychometrician)
    params = {}
    for form, shift in ((base, 0.0), (other, 0.5)):
        a, b = [], []
        for fi in form.scored_items().order_by("position"):
            a.append(0.8 + 0.02 * fi.position)
            b.append(-1.5 + 3 * (fi.position - 1) / N_ITEMS + shift)
            ItemStatistics.objects.create(
                version=fi.item_version, administration="calibration", administered_on="2025-01-01",
                n=500, irt_model="2PL", a=a[-1], b=b[-1],
            )  # fmt: skip
        params[form.pk] = ItemParameters.from_difficulty(
            [str(i) for i in range(N_ITEMS)], a, b, scale=1.702
        )
    proposed = equating.compute_equating(other, design="irt", by=cast.psychometrician)
    expected = equate_irt(params[other.pk], params[base.pk], "true-score")
    table = proposed.methods["true-score"]["table"]
    assert [r["equated"] for r in table] == pytest.approx(expected.equated, abs=1e-6)
    assert proposed.window is None  # available before any response


def test_only_a_psychometrician_equates(cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    for person in (cast.manager, cast.officer, cast.candidate):
        with pytest.raises(PermissionDenied):
            equating.compute_equating(other, design="random-groups", window=window, by=person)


def test_the_equating_page(client, cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    url = reverse("results:equating", args=[other.pk])
    for person in (cast.candidate, cast.panelist, cast.officer, cast.manager):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(cast.psychometrician)
    page = client.get(url).content.decode()
    assert "none is in force" in page
    client.post(url, {"action": "compute", "design": "random-groups", "window": window.pk})
    page = client.get(url).content.decode()
    assert "Conversion tables" in page and "equipercentile-smoothed" in page
    proposed = Equating.objects.get(form=other)
    response = client.post(
        url, {"action": "approve", "equating": proposed.pk, "method": "mean", "reason": ""}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == EquatingStatus.PROPOSED
    client.post(
        url,
        {"action": "approve", "equating": proposed.pk, "method": "mean", "reason": "Checked."},
    )
    proposed.refresh_from_db()
    assert proposed.status == EquatingStatus.APPROVED
    assert f"raw cut {proposed.raw_cut} of {N_ITEMS}" in client.get(url).content.decode()


def test_the_command_equates_and_approves(cast, spiralled) -> None:
    _program, _base, other, window, _scores = spiralled
    out = io.StringIO()
    call_command(
        "results", "equate", "--form", "eq-b", "--design", "random-groups",
        "--window", str(window.pk), "--by", cast.psychometrician.email, stdout=out,
    )  # fmt: skip
    assert "linear: raw cut" in out.getvalue() and "equipercentile-smoothed" in out.getvalue()
    with pytest.raises(CommandError, match="say why"):
        call_command(
            "results", "equate", "--form", "EQ-B", "--approve", "linear",
            "--by", cast.psychometrician.email,
        )  # fmt: skip
    call_command(
        "results", "equate", "--form", "EQ-B", "--approve", "linear", "--reason", "Lowest SE.",
        "--by", cast.psychometrician.email, stdout=out,
    )  # fmt: skip
    approved = Equating.objects.get(form=other, status=EquatingStatus.APPROVED)
    assert f"raw cut {approved.raw_cut} of {N_ITEMS}" in out.getvalue()


def test_the_study_page_decides_a_new_standard_only_when_marked(client, cast, spiralled) -> None:
    _program, base, other, _window, _scores = spiralled
    study = services.create_study(other, title="EQ-B Angoff", by=cast.psychometrician)
    url = reverse("results:study", args=[study.pk])
    client.force_login(cast.manager)
    decision = {"action": "decide", "raw_cut": "11", "rationale": "Panel."}
    client.post(url, decision)
    assert equating.base_form(other.program) == base
    client.post(url, {**decision, "new_standard": "on"})
    assert equating.base_form(other.program) == other
    assert CutScoreDecision.objects.get(form=base).superseded_at is not None
