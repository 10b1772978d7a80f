"""Assembly at scale: 4 parallel forms x 150 scored items from a seeded 5,000-item 2PL bank.

Bank: 5 domains, 40 competencies (8 per domain), 200 enemy pairs, 10% pretest items.
Spec: domain counts 30/38/30/22/30, every competency 2..6 items per form, 10 pretest items
per form (each on one form), any two forms sharing at most 20% (30) scored items, maximin
information at theta -1, -0.5, 0, 0.5, 1.

Prints: time to the first feasible forms (HiGHS stopped at its first solution; it checks
that limit only after the root LP); time to forms within 2% of the optimum; the MIP gap after
60 s; the gap against the LP bound of the whole bank (the solver sees a candidate pool); the
largest TIF and TCC differences between forms at the 5 theta points; then the same with the
parallel objective, aiming at the maximin forms' mean TIF and TCC.

Run: .venv/bin/python benchmarks/assembly.py [--seconds 60]
"""

import argparse
import os
import time
import warnings

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from hallmark.assembly import (
    AssemblyResult,
    AssemblySpec,
    ItemBank,
    Maximin,
    Overlap,
    Parallel,
    Range,
    assemble_forms,
    solver_version,
)
from hallmark.assembly._model import build_model
from hallmark.assembly._pool import eligibility

THETA = (-1.0, -0.5, 0.0, 0.5, 1.0)
DOMAINS = {"D1": 30, "D2": 38, "D3": 30, "D4": 22, "D5": 30}


def synthetic_bank(seed: int = 2024, n_items: int = 5000) -> ItemBank:
    rng = np.random.default_rng(seed)
    domain = rng.integers(0, 5, n_items)
    competency = domain * 8 + rng.integers(0, 8, n_items)
    status = np.where(rng.random(n_items) < 0.1, "pretest", "operational")
    groups: list[list[str]] = [[] for _ in range(n_items)]
    for pair in range(200):
        i, j = rng.choice(n_items, 2, replace=False)
        groups[i].append(f"E{pair}")
        groups[j].append(f"E{pair}")
    return ItemBank.from_columns(
        item=[f"Q{i:04d}" for i in range(n_items)],
        domain=[f"D{d + 1}" for d in domain],
        competency=[f"C{c + 1:02d}" for c in competency],
        status=status.tolist(),
        a=np.exp(rng.normal(0.0, 0.3, n_items)).tolist(),
        b=rng.normal(0.0, 1.0, n_items).tolist(),
        reading_seconds=rng.uniform(30, 90, n_items).round().tolist(),
        enemy_groups=groups,
    )


def spec_with(objective: Maximin | Parallel) -> AssemblySpec:
    return AssemblySpec(
        scored_length=150,
        pretest_length=10,
        domains=DOMAINS,
        competencies={f"C{c:02d}": Range(2, 6) for c in range(1, 41)},
        overlap=Overlap(max_share=0.2),
        objective=objective,
    )


def whole_bank_bound(bank: ItemBank, spec: AssemblySpec, n_forms: int) -> tuple[float, float]:
    """The LP relaxation of the model over every usable item: a bound no forms can beat."""
    model = build_model(bank, spec, n_forms, eligibility(bank, spec))
    start = time.perf_counter()
    res = milp(
        model.c,
        bounds=Bounds(model.lower, model.upper),
        constraints=LinearConstraint(model.A, model.row_lower, model.row_upper),
    )
    return float(-res.fun), time.perf_counter() - start


def spread(result: AssemblyResult) -> str:
    curves = result.curves
    assert curves is not None
    tif, tcc = curves.tif_spread(), curves.tcc_spread()
    k, j = int(np.argmax(tif)), int(np.argmax(tcc))
    tif_share = tif[k] / curves.tif[:, k].mean()
    return (
        f"largest TIF difference between forms {tif[k]:.2f} ({tif_share:.1%} of the mean, "
        f"theta {curves.theta[k]:g}); largest TCC difference {tcc[j]:.2f} raw-score points "
        f"(theta {curves.theta[j]:g})"
    )


def _num(x: float | None) -> str:
    return "none" if x is None else f"{x:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    bank = synthetic_bank()
    spec = spec_with(Maximin(theta=THETA))
    n_forms = 4
    print(
        f"machine: {os.cpu_count()} cores; HiGHS {solver_version()}; bank {len(bank)} items "
        f"({int(np.sum(bank.status == 'pretest'))} pretest), 5 domains, 40 competencies, "
        f"200 enemy pairs; {n_forms} forms x 150 scored + 10 pretest, overlap <= 20% (30 items)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = assemble_forms(
            bank,
            spec,
            n_forms,
            time_limit=args.seconds,
            options={"mip_max_improving_sols": 1},
        )
        assert first.curves is not None
        print(
            f"first feasible forms: {first.solve_seconds:.1f} s (smallest information on them "
            f"{first.curves.tif.min():.2f})"
        )
        near = assemble_forms(bank, spec, n_forms, time_limit=args.seconds, mip_rel_gap=0.02)
        print(
            f"forms within 2% of the optimum: {near.solve_seconds:.1f} s "
            f"(status {near.status}, gap {near.mip_gap:.2%})"
        )
        full = assemble_forms(bank, spec, n_forms, time_limit=args.seconds, mip_rel_gap=0.0)
    bound, lp_seconds = whole_bank_bound(bank, spec, n_forms)
    assert full.objective is not None and full.mip_gap is not None
    print(
        f"maximin after {args.seconds:g} s: status {full.status}, MIP gap {full.mip_gap:.2%} "
        f"over a pool of {full.pool_items} items, y = {full.objective:.3f}; whole-bank LP bound "
        f"{bound:.3f} ({lp_seconds:.0f} s), so within {(bound - full.objective) / bound:.2%} "
        "of the best any forms from the whole bank could reach"
    )
    print(f"maximin forms: {spread(full)}")
    assert full.curves is not None
    target = Parallel(
        theta=THETA,
        tif=tuple(full.curves.tif.mean(axis=0).tolist()),
        tcc=tuple(full.curves.tcc.mean(axis=0).tolist()),
    )
    parallel = assemble_forms(
        bank, spec_with(target), n_forms, time_limit=args.seconds, mip_rel_gap=0.0
    )
    print(
        f"parallel to the maximin forms' mean TIF/TCC after {args.seconds:g} s: status "
        f"{parallel.status}, objective (largest relative TIF deviation + largest relative TCC "
        f"deviation) {_num(parallel.objective)}, bound {_num(parallel.bound)}"
    )
    if parallel.feasible:
        print(f"parallel forms: {spread(parallel)}")


if __name__ == "__main__":
    main()
