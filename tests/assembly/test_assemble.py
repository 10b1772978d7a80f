"""Assembled forms keep every rule (checked independently) and are optimal where the optimum
can be found by enumeration."""

import itertools
import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assembly.assembly_helpers import random_bank, violations
from hallmark.assembly import (
    AssemblySpec,
    Classical,
    ExcludedSetWarning,
    Exposure,
    Form,
    ItemBank,
    Maximin,
    Overlap,
    Parallel,
    Range,
    UnknownCategoryWarning,
    assemble_forms,
    form_curves,
)


@st.composite
def problems(draw: st.DrawFn) -> tuple[ItemBank, AssemblySpec, int]:
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    n_items = draw(st.integers(20, 45))
    bank = random_bank(
        rng,
        n_items,
        enemy_pairs=draw(st.integers(0, 6)),
        sets=draw(st.integers(0, 2)),
        max_uses=2,
    )
    n_forms = draw(st.integers(1, 3))
    per_domain = draw(st.integers(2, 4))
    kind = draw(st.sampled_from(["maximin", "parallel", "classical"]))
    length = 2 * per_domain
    objective: Maximin | Parallel | Classical
    if kind == "maximin":
        objective = Maximin(theta=(-0.5, 0.5), spread=draw(st.sampled_from([None, 0.5])))
    elif kind == "parallel":
        tif = (0.25 * length, 0.4 * length, 0.25 * length)
        objective = Parallel(
            theta=(-1.0, 0.0, 1.0), tif=tif, tcc=(0.3 * length, 0.5 * length, 0.7 * length)
        )
    else:
        objective = Classical()
    spec = AssemblySpec(
        scored_length=length,
        pretest_length=draw(st.integers(0, 2)),
        domains={"D0": per_domain, "D1": per_domain},
        competencies={"C0": Range(1, None), "C3": Range(None, per_domain - 1)},
        cognitive_levels={"recall": Range(1, length - 1)},
        item_formats={"multiple": Range(1, None)},
        overlap=draw(st.sampled_from([None, Overlap(max_items=1), Overlap(max_share=0.5)])),
        exposure=draw(st.sampled_from([None, Exposure(max_uses=2)])),
        reading_seconds=draw(st.sampled_from([None, Range(None, 60.0 * (length + 2))])),
        p_mean=draw(st.sampled_from([None, Range(0.4, 0.8)])),
        pretest_forms_per_item=draw(st.integers(1, 2)),
        objective=objective,
    )
    return bank, spec, n_forms


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(problems())
def test_every_returned_form_keeps_every_rule(problem: tuple[ItemBank, AssemblySpec, int]) -> None:
    bank, spec, n_forms = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExcludedSetWarning)
        result = assemble_forms(bank, spec, n_forms, time_limit=5.0, explain_time_limit=1.0)
    if result.feasible:
        assert len(result.forms) == n_forms
        assert violations(bank, spec, result.forms) == []
        assert result.all_ok
    else:
        assert result.status in {"infeasible", "no solution"}
        assert result.explanations


def tiny_bank() -> ItemBank:
    rng = np.random.default_rng(7)
    n = 10
    return ItemBank.from_columns(
        item=[f"I{i}" for i in range(n)],
        domain=["A"] * 5 + ["B"] * 5,
        competency=["A1"] * 5 + ["B1"] * 5,
        status=["operational"] * n,
        a=rng.uniform(0.5, 2.0, n).tolist(),
        b=rng.normal(0, 1, n).tolist(),
        p=rng.uniform(0.3, 0.9, n).tolist(),
        rpbis=rng.uniform(0.1, 0.5, n).tolist(),
        enemy_groups=[["E"] if i in (0, 5) else [] for i in range(n)],
    )


def form_sets(bank: ItemBank) -> list[tuple[int, ...]]:
    """Every 2 + 2 form without the enemy pair."""
    out = []
    for a in itertools.combinations(range(5), 2):
        for b in itertools.combinations(range(5, 10), 2):
            if not (0 in a and 5 in b):
                out.append(a + b)
    return out


def maximin_value(bank: ItemBank, items: tuple[int, ...], theta: tuple[float, ...]) -> float:
    form = Form(1, tuple(bank.item[list(items)].tolist()))
    return float(form_curves(bank, [form], theta).tif.min())


def test_maximin_two_forms_matches_enumeration() -> None:
    bank = tiny_bank()
    theta = (-1.0, 0.0, 1.0)
    spec = AssemblySpec(
        scored_length=4,
        domains={"A": 2, "B": 2},
        overlap=Overlap(max_items=1),
        objective=Maximin(theta=theta),
    )
    candidates = form_sets(bank)
    value = {c: maximin_value(bank, c, theta) for c in candidates}
    best = max(
        min(value[f], value[g])
        for f, g in itertools.combinations(candidates, 2)
        if len(set(f) & set(g)) <= 1
    )
    result = assemble_forms(bank, spec, 2, mip_rel_gap=0.0, time_limit=20)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best, rel=1e-6)
    got = min(float(result.curves.tif[f].min()) for f in range(2))  # type: ignore[union-attr]
    assert got == pytest.approx(best, rel=1e-6)


def test_classical_matches_enumeration() -> None:
    bank = tiny_bank()
    spec = AssemblySpec(
        scored_length=4,
        domains={"A": 2, "B": 2},
        p_mean=Range(0.55, 0.7),
        objective=Classical(),
    )
    feasible = [c for c in form_sets(bank) if 0.55 <= bank.p[list(c)].mean() <= 0.7]
    best = max(bank.rpbis[list(c)].sum() for c in feasible)
    result = assemble_forms(bank, spec, 1, mip_rel_gap=0.0, time_limit=20)
    assert result.objective == pytest.approx(best, rel=1e-9)


def test_parallel_matches_enumeration() -> None:
    bank = tiny_bank()
    theta = (-1.0, 1.0)
    reference = ("I1", "I2", "I6", "I7")
    spec = AssemblySpec(
        scored_length=4,
        domains={"A": 2, "B": 2},
        exposure=Exposure(max_uses=0),
        objective=Parallel(theta=theta, reference_form=reference),
    )
    ref = form_curves(bank, [Form(1, reference)], theta)
    scores = []
    for c in form_sets(bank):
        curves = form_curves(bank, [Form(1, tuple(bank.item[list(c)].tolist()))], theta)
        dev_tif = np.max(np.abs(curves.tif[0] - ref.tif[0]) / ref.tif[0])
        dev_tcc = np.max(np.abs(curves.tcc[0] - ref.tcc[0]) / ref.tcc[0])
        scores.append(dev_tif + dev_tcc)
    result = assemble_forms(bank, spec, 1, mip_rel_gap=0.0, time_limit=20)
    # the reference form itself is in the bank, so the best deviation is 0
    assert min(scores) == 0.0
    assert result.objective == pytest.approx(0.0, abs=1e-7)
    assert set(result.forms[0].scored) == set(reference)


def test_sets_come_whole_and_pretest_fills_pretest_slots() -> None:
    bank = ItemBank.from_columns(
        item=["S1a", "S1b", "P1", "X1", "X2", "X3", "P2"],
        domain=["A"] * 7,
        competency=["A1"] * 7,
        status=[
            "operational",
            "pretest",
            "pretest",
            "operational",
            "operational",
            "retired",
            "pretest",
        ],
        a=[1.5, 1.0, 1.0, 0.6, 0.5, 3.0, 1.0],
        b=[0.0] * 7,
        set_id=["S1", "S1", "", "", "", "", ""],
    )
    spec = AssemblySpec(scored_length=2, pretest_length=1, objective=Maximin(theta=(0.0,)))
    result = assemble_forms(bank, spec, 1, mip_rel_gap=0.0)
    form = result.forms[0]
    # the set brings its pretest item along, so no other pretest item fits
    assert form.scored == ("S1a", "X1") and form.pretest == ("S1b",)


def test_excluded_sets_and_unknown_names_warn() -> None:
    bank = ItemBank.from_columns(
        item=["S1a", "S1b", "X1", "X2"],
        domain=["A"] * 4,
        competency=["A1"] * 4,
        status=["operational", "retired", "operational", "operational"],
        a=[1.0] * 4,
        b=[0.0] * 4,
        set_id=["S1", "S1", "", ""],
    )
    spec = AssemblySpec(scored_length=2, domains={"A": 2, "Z": 0}, objective=Maximin(theta=(0.0,)))
    with (
        pytest.warns(UnknownCategoryWarning, match=r"domains\.Z"),
        pytest.warns(ExcludedSetWarning, match="S1"),
    ):
        result = assemble_forms(bank, spec, 1)
    assert result.forms[0].scored == ("X1", "X2")


def test_an_item_format_minimum_brings_in_less_informative_items() -> None:
    # the two multiple-response items are the least informative; without the minimum the
    # form takes the three single items
    bank = ItemBank.from_columns(
        item=["S1", "S2", "S3", "M1", "M2"],
        domain=["A"] * 5,
        competency=["A1"] * 5,
        status=["operational"] * 5,
        a=[2.0, 1.8, 1.6, 0.5, 0.4],
        b=[0.0] * 5,
        item_format=["single", "single", "single", "multiple", "multiple"],
    )
    objective = Maximin(theta=(0.0,))
    free = assemble_forms(bank, AssemblySpec(scored_length=3, objective=objective), 1)
    assert free.forms[0].scored == ("S1", "S2", "S3")
    spec = AssemblySpec(
        scored_length=3, item_formats={"multiple": Range(2, None)}, objective=objective
    )
    result = assemble_forms(bank, spec, 1, mip_rel_gap=0.0)
    assert result.forms[0].scored == ("S1", "M1", "M2")
    assert violations(bank, spec, result.forms) == []
    assert result.all_ok
    with pytest.warns(UnknownCategoryWarning, match=r"item_formats\.case"):
        assemble_forms(bank, replace(spec, item_formats={"case": Range(0, 1)}), 1)


def test_same_seed_same_forms() -> None:
    bank = random_bank(np.random.default_rng(3), 60, enemy_pairs=5)
    spec = AssemblySpec(
        scored_length=8,
        domains={"D0": 4, "D1": 4},
        overlap=Overlap(max_items=2),
        objective=Maximin(theta=(-1.0, 0.0, 1.0)),
    )
    # stopping on the gap (not the clock) makes the run repeatable
    first = assemble_forms(bank, spec, 3, seed=11, mip_rel_gap=0.02)
    second = assemble_forms(bank, spec, 3, seed=11, mip_rel_gap=0.02)
    assert first.status == "optimal"
    assert first.forms == second.forms
    assert first.seed == 11 and first.solver == "HiGHS"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"n_forms": 0}, "n_forms"),
        ({"time_limit": -1.0}, "time_limit"),
        ({"seed": -3}, "seed"),
        ({"mip_rel_gap": 2.0}, "mip_rel_gap"),
        ({"pool_factor": 0.5}, "pool_factor"),
    ],
)
def test_arguments_are_checked(kwargs: dict[str, float], needle: str) -> None:
    bank = tiny_bank()
    spec = AssemblySpec(scored_length=4, objective=Maximin(theta=(0.0,)))
    args: dict[str, object] = {"n_forms": 1, **kwargs}
    n_forms = args.pop("n_forms")
    with pytest.raises(ValueError, match=needle):
        assemble_forms(bank, spec, n_forms, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("n_forms", [3, 6])
def test_both_overlap_formulations_reach_the_same_optimum(
    n_forms: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hallmark.assembly._model as model

    bank = random_bank(np.random.default_rng(5), 24, enemy_pairs=3, pretest_share=0.0)
    spec = AssemblySpec(
        scored_length=2,
        domains={"D0": 1, "D1": 1},
        overlap=Overlap(max_items=1),
        objective=Maximin(theta=(-0.5, 0.5)),
    )
    results = {}
    for limit in (1, 8):  # 1: linearised pairs for any K; 8: patterns up to 8 forms
        monkeypatch.setattr(model, "MAX_PATTERN_FORMS", limit)
        result = assemble_forms(bank, spec, n_forms, mip_rel_gap=0.0, time_limit=30)
        assert result.status == "optimal"
        assert violations(bank, spec, result.forms) == []
        results[limit] = result.objective
    assert results[1] == pytest.approx(results[8], rel=1e-6)
