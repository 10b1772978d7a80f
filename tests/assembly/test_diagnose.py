"""Infeasible specs are explained by the constraint group at fault, with the numbers."""

import numpy as np

from hallmark.assembly import (
    AssemblySpec,
    Exposure,
    ItemBank,
    Maximin,
    Overlap,
    Range,
    assemble_forms,
    check_counts,
)

THETA = Maximin(theta=(0.0,))


def bank_of(domains: list[str], **columns: list[object]) -> ItemBank:
    n = len(domains)
    base: dict[str, object] = {
        "item": [f"I{i:02d}" for i in range(n)],
        "domain": domains,
        "competency": [f"{d}1" for d in domains],
        "status": ["operational"] * n,
        "a": np.linspace(0.6, 1.8, n).tolist(),
        "b": np.linspace(-1, 1, n).tolist(),
    }
    base.update(columns)
    return ItemBank.from_columns(**base)  # type: ignore[arg-type]


def groups(result_explanations: tuple[object, ...]) -> set[str]:
    return {e.group for e in result_explanations}  # type: ignore[attr-defined]


def test_short_domain_is_named_with_the_overlap_bound() -> None:
    # 3 forms x 15 items of 'Job development', any two sharing <= 5 (10% of 50): at least 30
    # distinct items (15 on two forms and 15 on one); the bank has 25
    bank = bank_of(["Job development"] * 25 + ["Other"] * 200)
    spec = AssemblySpec(
        scored_length=50,
        domains={"Job development": 15, "Other": 35},
        overlap=Overlap(max_share=0.1),
        objective=THETA,
    )
    result = assemble_forms(bank, spec, 3)
    assert result.status == "infeasible" and not result.feasible
    assert [e.message for e in result.explanations] == [
        "domain 'Job development' needs 30 operational items for 3 forms at overlap <= 10% "
        "(5 items); the bank has 25"
    ]
    assert result.explanations[0].needed == 30 and result.explanations[0].available == 25


def test_exposure_is_given_as_the_reason_for_a_shortage() -> None:
    bank = bank_of(["A"] * 6, times_used=[0, 0, 0, 5, 5, 5])
    spec = AssemblySpec(scored_length=4, exposure=Exposure(max_uses=2), objective=THETA)
    (explanation,) = check_counts(bank, spec, 1)
    assert explanation.group == "scored length"
    assert "the bank has 3 (3 more excluded by the exposure rule)" in explanation.message


def test_too_few_pretest_items() -> None:
    bank = bank_of(["A"] * 8, status=["operational"] * 5 + ["pretest"] * 3)
    spec = AssemblySpec(scored_length=2, pretest_length=2, objective=THETA)
    result = assemble_forms(bank, spec, 2)
    assert groups(result.explanations) == {"pretest"}
    assert "need 4 pretest items; the bank has 3" in result.explanations[0].message


def test_enemies_that_cap_a_domain() -> None:
    enemies = [["E1"], ["E1"], ["E1"], ["E2"], ["E2"], [], [], [], [], []]
    bank = bank_of(["A"] * 5 + ["B"] * 5, enemy_groups=enemies)
    spec = AssemblySpec(scored_length=6, domains={"A": 3, "B": 3}, objective=THETA)
    result = assemble_forms(bank, spec, 1)
    assert groups(result.explanations) == {"enemies"}
    assert "domain 'A' can hold at most 2 scored items" in result.explanations[0].message


def test_overlap_counting() -> None:
    bank = bank_of(["A"] * 5)
    spec = AssemblySpec(scored_length=4, overlap=Overlap(max_items=2), objective=THETA)
    result = assemble_forms(bank, spec, 2)
    assert groups(result.explanations) == {"overlap"}
    assert "needs 6 operational items for 2 forms" in result.explanations[0].message


def test_competency_minimums_against_the_domain_count() -> None:
    bank = ItemBank.from_columns(
        item=[f"I{i}" for i in range(8)],
        domain=["A"] * 8,
        competency=["A1"] * 4 + ["A2"] * 4,
        status=["operational"] * 8,
        a=[1.0] * 8,
        b=[0.0] * 8,
    )
    spec = AssemblySpec(
        scored_length=3,
        domains={"A": 3},
        competencies={"A1": Range(2, None), "A2": Range(2, None)},
        objective=THETA,
    )
    (explanation,) = check_counts(bank, spec, 1)
    assert explanation.group == "competencies"
    assert explanation.message == (
        "domain 'A' needs 3 scored items but its competency minimums add up to 4"
    )


def test_relaxation_finds_enemies_hidden_inside_a_competency() -> None:
    # every 'A1' item is in one enemy group, so no form can hold the two 'A1' items it needs;
    # no count shows it, relaxing the enemies or the competencies does
    enemies = [["E"]] * 3 + [[]] * 5
    bank = ItemBank.from_columns(
        item=[f"I{i}" for i in range(8)],
        domain=["A"] * 8,
        competency=["A1"] * 3 + ["A2"] * 5,
        status=["operational"] * 8,
        a=[1.0] * 8,
        b=[0.0] * 8,
        enemy_groups=enemies,
    )
    spec = AssemblySpec(scored_length=4, competencies={"A1": Range(2, None)}, objective=THETA)
    assert check_counts(bank, spec, 1) == ()
    result = assemble_forms(bank, spec, 1, explain_time_limit=5)
    assert result.status == "infeasible"
    assert groups(result.explanations) == {"enemies", "competencies"}
    by_group = {e.group: e.message for e in result.explanations}
    assert "miss it by 1 in all" in by_group["enemies"]
    assert "competency 'A1' on form 1: 1 where at least 2 is required" in by_group["competencies"]


def test_relaxation_finds_overlap_forced_by_an_item_set() -> None:
    # two forms of two items from a two-item set and one single: both forms must be the set
    bank = bank_of(["A"] * 3, set_id=["S", "S", ""])
    spec = AssemblySpec(scored_length=2, overlap=Overlap(max_items=1), objective=THETA)
    assert check_counts(bank, spec, 2) == ()
    result = assemble_forms(bank, spec, 2, explain_time_limit=5)
    found = {e.group: e.message for e in result.explanations}
    # shorter or longer forms would also do, and are named too
    assert set(found) == {"overlap", "sets", "scored length"}
    assert "items shared by forms 1 and 2: 2 where at most 1 is required" in found["overlap"]


def test_relaxation_names_exposure() -> None:
    # fresh items come in two-item sets, so a three-item form needs a single item, and the
    # only single items are over-used
    bank = bank_of(
        ["A"] * 6,
        times_used=[3, 3, 0, 0, 0, 0],
        set_id=["", "", "S1", "S1", "S2", "S2"],
    )
    spec = AssemblySpec(scored_length=3, exposure=Exposure(max_uses=2), objective=THETA)
    assert check_counts(bank, spec, 1) == ()
    result = assemble_forms(bank, spec, 1, explain_time_limit=5)
    found = {e.group: e.message for e in result.explanations}
    assert set(found) == {"exposure", "sets", "scored length"}
    assert "miss it by 1 in all (over-used item(s) I0" in found["exposure"]


def test_an_item_format_minimum_beyond_the_bank_is_explained() -> None:
    formats = ["multiple"] * 3 + ["single"] * 9
    bank = bank_of(["A"] * 12, item_format=formats)
    spec = AssemblySpec(
        scored_length=4,
        item_formats={"multiple": Range(2, None)},
        overlap=Overlap(max_items=0),
        objective=THETA,
    )
    result = assemble_forms(bank, spec, 2)
    assert result.status == "infeasible" and not result.feasible
    assert [(e.group, e.message) for e in result.explanations] == [
        (
            "item formats",
            "item format 'multiple' needs 4 operational items for 2 forms at overlap <= 0 "
            "items; the bank has 3",
        )
    ]


def test_item_format_minimums_beyond_the_scored_length_are_explained() -> None:
    bank = bank_of(["A"] * 12, item_format=["multiple"] * 6 + ["case"] * 6)
    spec = AssemblySpec(
        scored_length=4,
        item_formats={"multiple": Range(3, None), "case": Range(2, None)},
        objective=THETA,
    )
    (explanation,) = check_counts(bank, spec, 1)
    assert explanation.group == "item formats"
    assert explanation.message == (
        "each form needs 4 scored items but its item format minimums add up to 5"
    )
