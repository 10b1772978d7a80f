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
from hallmark.psychometrics.equating import equate_irt, equate_neat, equate_random_groups
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
BASE_CUT_INT = 12


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


ANCHOR = 8  # positions 1-8 of both forms hold the same item versions


@pytest.fixture
def common_items(cast):
    """Base form A given in one window, form B (harder outside the anchor) in a later window
    to an abler group: the NEAT design. Returns the 0/1 matrices recounted from the answers."""
    program = ready_program()
    base = keyed_form(program, keys=KEYS, code="EQ-A")
    other = keyed_form(program, keys=KEYS, code="EQ-B")
    for row in base.items.filter(position__lte=ANCHOR):
        other.items.filter(position=row.position).update(item_version=row.item_version)
    first = TestingWindowFactory(program=program, blueprint=base.blueprint)
    later = TestingWindowFactory(program=program, blueprint=other.blueprint)
    first.forms.add(base)
    later.forms.add(other)
    reporting_scale(program)
    decided_cut(base, BASE_CUT, cast.manager)
    rng = random.Random(11)
    right: dict[str, list[list[int]]] = {"A": [], "B": []}
    for name, form, window, mean in (("A", base, first, 0.0), ("B", other, later, 0.4)):
        for _ in range(150):
            theta = rng.gauss(mean, 1)
            text = "".join(
                key
                if rng.random() < 1 / (1 + np.exp(-(theta - _difficulty(j, name))))
                else WRONG[key]
                for j, key in enumerate(KEYS)
            )
            submitted_session(form, text, window=window)
            right[name].append([int(a == k) for a, k in zip(text, KEYS, strict=True)])
    return other, first, later, np.array(right["B"]), np.array(right["A"])


def _difficulty(j: int, form: str) -> float:
    shift = 0.6 if form == "B" and j >= ANCHOR else 0.0
    return -1.5 + 3 * j / N_ITEMS + shift


def _joint_counts(right: np.ndarray) -> np.ndarray:
    table = np.zeros((N_ITEMS + 1, ANCHOR + 1))
    for row in right:
        table[row.sum(), row[:ANCHOR].sum()] += 1
    return table


def _tucker_by_hand(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kolen & Brennan (2014) eq. 4.17-4.22, internal anchor, w1 = N1 / (N1 + N2)."""
    tx, vx = x.sum(axis=1), x[:, :ANCHOR].sum(axis=1)
    ty, vy = y.sum(axis=1), y[:, :ANCHOR].sum(axis=1)
    w1 = len(x) / (len(x) + len(y))
    w2 = 1 - w1
    g1 = np.cov(tx, vx, bias=True)[0, 1] / vx.var()
    g2 = np.cov(ty, vy, bias=True)[0, 1] / vy.var()
    dm, dv = vx.mean() - vy.mean(), vx.var() - vy.var()
    mean_x = tx.mean() - w2 * g1 * dm
    mean_y = ty.mean() + w1 * g2 * dm
    var_x = tx.var() - w2 * g1**2 * dv + w1 * w2 * g1**2 * dm**2
    var_y = ty.var() + w1 * g2**2 * dv + w1 * w2 * g2**2 * dm**2
    scores = np.arange(N_ITEMS + 1)
    return mean_y + np.sqrt(var_y / var_x) * (scores - mean_x)


def _chained_by_hand(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """X to the anchor in the group that took X, then the anchor to Y in the base group."""
    tx, vx = x.sum(axis=1), x[:, :ANCHOR].sum(axis=1)
    ty, vy = y.sum(axis=1), y[:, :ANCHOR].sum(axis=1)
    scores = np.arange(N_ITEMS + 1)
    v = vx.mean() + vx.std() / tx.std() * (scores - tx.mean())
    return ty.mean() + ty.std() / vy.std() * (v - vy.mean())


def test_neat_through_common_items_is_tucker_and_chained_on_the_same_answers(
    cast, common_items
) -> None:
    other, first, later, x, y = common_items
    proposed = equating.compute_equating(
        other, design="neat", window=later, base_window=first, by=cast.psychometrician
    )
    tables = {m: [r["equated"] for r in proposed.methods[m]["table"]] for m in proposed.methods}
    tx, ty = _joint_counts(x), _joint_counts(y)
    for method, by_hand in (("tucker", _tucker_by_hand), ("chained-linear", _chained_by_hand)):
        expected = equate_neat(tx, ty, method, anchor_type="internal")
        assert tables[method] == pytest.approx(expected.equated, abs=1e-6)
        assert tables[method] == pytest.approx(by_hand(x, y), abs=1e-6)
    # B is harder outside the anchor: its scores equate upwards, and its cut is the least
    # score that reaches A's cut once equated
    tucker = _tucker_by_hand(x, y)
    assert tucker[BASE_CUT_INT] > BASE_CUT_INT
    approved = equating.approve_equating(
        proposed, method="tucker", reason="Tucker: anchor of 8.", by=cast.psychometrician
    )
    assert approved.raw_cut == min(s for s in range(N_ITEMS + 1) if tucker[s] >= BASE_CUT_INT)
    assert approved.raw_cut <= BASE_CUT_INT
