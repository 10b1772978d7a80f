"""Small random banks and an independent checker of assembled forms.

The checker re-derives every rule from the bank's columns and the spec's fields on its own,
so a bug shared by the package's model and its report cannot hide.
"""

import itertools
import math
from collections import Counter

import numpy as np

from hallmark.assembly import AssemblySpec, Form, ItemBank


def random_bank(
    rng: np.random.Generator,
    n_items: int,
    *,
    domains: int = 2,
    competencies_per_domain: int = 2,
    pretest_share: float = 0.2,
    enemy_pairs: int = 0,
    sets: int = 0,
    max_uses: int = 0,
) -> ItemBank:
    domain = rng.integers(0, domains, n_items)
    comp = domain * competencies_per_domain + rng.integers(0, competencies_per_domain, n_items)
    status = np.where(rng.random(n_items) < pretest_share, "pretest", "operational")
    status[rng.random(n_items) < 0.05] = "retired"
    groups: list[list[str]] = [[] for _ in range(n_items)]
    for g in range(enemy_pairs):
        i, j = rng.choice(n_items, 2, replace=False)
        groups[i].append(f"E{g}")
        groups[j].append(f"E{g}")
    set_id = [""] * n_items
    starts = rng.choice(max(n_items - 3, 1), sets, replace=False) if sets else []
    for s, start in enumerate(starts):
        for i in range(int(start), min(int(start) + 3, n_items)):
            if not set_id[i]:
                set_id[i] = f"S{s}"
    return ItemBank.from_columns(
        item=[f"Q{i:03d}" for i in range(n_items)],
        domain=[f"D{d}" for d in domain],
        competency=[f"C{c}" for c in comp],
        status=status.tolist(),
        a=np.exp(rng.normal(0.0, 0.3, n_items)).tolist(),
        b=rng.normal(0.0, 1.0, n_items).tolist(),
        c=np.where(rng.random(n_items) < 0.3, 0.2, 0.0).tolist(),
        p=rng.uniform(0.3, 0.9, n_items).tolist(),
        rpbis=rng.uniform(0.05, 0.5, n_items).tolist(),
        reading_seconds=rng.uniform(20, 80, n_items).round().tolist(),
        enemy_groups=groups,
        set_id=set_id,
        cognitive_level=rng.choice(["recall", "apply"], n_items).tolist(),
        times_used=rng.integers(0, max_uses + 2, n_items).tolist(),
        item_format=rng.choice(["single", "multiple"], n_items, p=[0.7, 0.3]).tolist(),
    )


def violations(bank: ItemBank, spec: AssemblySpec, forms: tuple[Form, ...]) -> list[str]:
    """Every rule broken by the forms, in words (empty when all hold)."""
    row = {name: i for i, name in enumerate(bank.item.tolist())}
    out: list[str] = []
    for form in forms:
        out.extend(_form_violations(bank, spec, form, row))
    if spec.overlap is not None:
        limit = (
            spec.overlap.max_items
            if spec.overlap.max_items is not None
            else math.floor(spec.overlap.max_share * spec.scored_length + 1e-9)
        )
        for f, g in itertools.combinations(forms, 2):
            shared = len(set(f.scored) & set(g.scored))
            if shared > limit:
                out.append(f"forms {f.number},{g.number} share {shared} > {limit}")
    pretest_uses = Counter(i for f in forms for i in f.pretest)
    if pretest_uses and max(pretest_uses.values()) > spec.pretest_forms_per_item:
        out.append("a pretest item is on too many forms")
    return out


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9)


def _form_violations(
    bank: ItemBank, spec: AssemblySpec, form: Form, row: dict[str, int]
) -> list[str]:
    out = []
    scored = [row[i] for i in form.scored]
    pretest = [row[i] for i in form.pretest]
    every = scored + pretest
    if len(set(every)) != len(every):
        out.append(f"form {form.number} repeats an item")
    if len(scored) != spec.scored_length:
        out.append(f"form {form.number} has {len(scored)} scored items")
    if len(pretest) != spec.pretest_length:
        out.append(f"form {form.number} has {len(pretest)} pretest items")
    if any(bank.status[i] != "operational" for i in scored):
        out.append(f"form {form.number} scores a non-operational item")
    if any(bank.status[i] != "pretest" for i in pretest):
        out.append(f"form {form.number} pretests a non-pretest item")
    for name, count in spec.domains.items():
        got = sum(bank.domain[i] == name for i in scored)
        if got != count:
            out.append(f"form {form.number} domain {name}: {got} != {count}")
    for labels, bounds in (
        (bank.competency, spec.competencies),
        (bank.cognitive_level, spec.cognitive_levels),
        (bank.item_format, spec.item_formats),
    ):
        for name, r in bounds.items():
            got = sum(labels[i] == name for i in scored)
            if not _within(got, r.minimum, r.maximum):
                out.append(f"form {form.number} {name}: {got}")
    groups = Counter(g for i in every for g in bank.enemy_groups[i])
    if groups and max(groups.values()) > 1:
        out.append(f"form {form.number} holds enemies")
    chosen = set(every)
    for sid in {bank.set_id[i] for i in range(len(bank)) if bank.set_id[i]}:
        members = {i for i in range(len(bank)) if bank.set_id[i] == sid}
        if chosen & members and not members <= chosen:
            out.append(f"form {form.number} splits set {sid}")
    if spec.exposure is not None and any(
        bank.times_used[i] > spec.exposure.max_uses for i in every
    ):
        out.append(f"form {form.number} uses an over-used item")
    if spec.reading_seconds is not None:
        seconds = sum(bank.reading_seconds[i] for i in every)
        r = spec.reading_seconds
        if not _within(seconds, r.minimum, r.maximum):
            out.append(f"form {form.number} reads {seconds} s")
    for band, column in ((spec.p_mean, bank.p), (spec.rpbis_mean, bank.rpbis)):
        if band is not None:
            mean = sum(column[i] for i in scored) / len(scored)
            if not _within(mean, band.minimum, band.maximum):
                out.append(f"form {form.number} mean {mean}")
    return out
