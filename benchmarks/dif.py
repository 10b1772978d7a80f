"""Speed of Mantel-Haenszel DIF and of Livingston-Lewis decision consistency.

    make bench-dif          # = .venv-bench/bin/python benchmarks/dif.py
    .venv-bench/bin/python benchmarks/dif.py --examinees 20000   # smaller run

1. Mantel-Haenszel DIF of 150 items x 100,000 examinees (seeded 2PL-like data, 30% focal, a
   few items with uniform DIF), matching on the total score, with and without purification.
   Peer: no PyPI package for psychometric DIF was found; the closest is statsmodels'
   StratifiedTable (the generic Mantel-Haenszel test over 2 x 2 x K tables,
   benchmarks/requirements-peers.txt), timed on the same data including the tabulation of each
   item's table (its from_data refuses strata that lack a category, so numpy tabulates), with
   its chi-square (continuity-corrected) and pooled odds ratio compared with hallmark's.
2. Livingston-Lewis classification accuracy and consistency for a 200-item test (100,000
   examinees as a score-frequency table, two cuts). No PyPI peer was found (BB-CLASS and
   BBClassify are programs outside PyPI).
A peer that is missing or fails is reported as such.
"""

from __future__ import annotations

import argparse
import time
import warnings
from importlib.metadata import version

import numpy as np
import scipy.special  # noqa: F401  imported before any timing, for hallmark and the peer alike

from hallmark.psychometrics.consistency import livingston_lewis
from hallmark.psychometrics.dif import dif_analysis

SEED = 20261206


def simulate(examinees: int, items: int, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    focal = rng.random(examinees) < 0.3
    theta = rng.standard_normal(examinees) - 0.2 * focal
    a = rng.uniform(0.7, 1.8, items)
    b = rng.normal(0, 1, items)
    shift = np.zeros(items)
    shift[:: max(items // 10, 1)] = 0.5  # uniform DIF against the focal group
    logit = a * (theta[:, None] - b - shift * focal[:, None])
    scores = (rng.random((examinees, items)) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    return scores, np.where(focal, "F", "R").tolist()


def time_hallmark(scores: np.ndarray, group: list[str], purify: bool) -> tuple[float, object]:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = dif_analysis(scores, group, "F", "R", purify=purify)
    return time.perf_counter() - start, result


def time_statsmodels(scores: np.ndarray, group: list[str], result: object) -> str:
    try:
        from statsmodels.stats.contingency_tables import StratifiedTable
    except ImportError:
        return "statsmodels: not installed (pip install -r benchmarks/requirements-peers.txt)"
    try:
        start = time.perf_counter()
        chi2, odds = [], []
        for table in _item_tables(scores, np.array(group) == "F"):
            stratified = StratifiedTable(table)
            chi2.append(stratified.test_null_odds(correction=True).statistic)
            odds.append(stratified.oddsratio_pooled)
        seconds = time.perf_counter() - start
    except Exception as error:  # a failing peer is reported, not fatal
        return f"statsmodels: failed ({type(error).__name__}: {error})"
    ours = result.items  # type: ignore[attr-defined]
    # tables are (reference, focal) x (right, wrong): its pooled odds ratio is alpha_mh
    d_chi2 = max(abs(c - r.mh_chi2) for c, r in zip(chi2, ours, strict=True))
    d_odds = max(abs(o - r.alpha_mh) for o, r in zip(odds, ours, strict=True))
    return (
        f"statsmodels {version('statsmodels')} StratifiedTable: {seconds:.2f} s "
        f"(largest difference: chi-square {d_chi2:.2e}, odds ratio {d_odds:.2e})"
    )


def _item_tables(scores: np.ndarray, focal: np.ndarray):  # type: ignore[no-untyped-def]
    """Each item's 2 x 2 x K table (group x right x total score), strata of 2 or more only:
    the tables StratifiedTable needs (its from_data refuses a stratum missing a category)."""
    total = scores.sum(axis=1).astype(np.intp)
    strata = int(total.max()) + 1
    base = total * 4 + focal.astype(np.intp) * 2
    for j in range(scores.shape[1]):
        counts = np.bincount(base + (scores[:, j] == 0), minlength=strata * 4)
        table = counts.reshape(strata, 2, 2).transpose(1, 2, 0).astype(np.float64)
        yield table[:, :, table.sum(axis=(0, 1)) >= 2]


def livingston_lewis_run(examinees: int, items: int) -> float:
    rng = np.random.default_rng(SEED + 1)
    totals = rng.binomial(items, rng.beta(6, 3, examinees))
    counts = np.bincount(totals, minlength=items + 1)
    start = time.perf_counter()
    result = livingston_lewis(counts, items, [0.6 * items, 0.8 * items], reliability=0.92)
    seconds = time.perf_counter() - start
    print(
        f"Livingston-Lewis, {items} items, {examinees:,} examinees, 2 cuts: {seconds:.3f} s "
        f"(effective length {result.effective_length}, {result.true_score.fit} fit, "  # type: ignore[union-attr]
        f"accuracy {result.accuracy:.4f}, consistency {result.consistency:.4f}); "
        "no PyPI peer"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examinees", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--ll-items", type=int, default=200)
    args = parser.parse_args()
    scores, group = simulate(args.examinees, args.items, SEED)
    print(f"Mantel-Haenszel DIF, {args.items} items x {args.examinees:,} examinees")
    seconds, result = time_hallmark(scores, group, purify=False)
    flagged = sum(r.flagged for r in result.items)  # type: ignore[attr-defined]
    print(f"  hallmark: {seconds:.2f} s ({flagged} items flagged)")
    seconds_p, purified = time_hallmark(scores, group, purify=True)
    steps = purified.purification.iterations  # type: ignore[attr-defined]
    print(f"  hallmark with purification: {seconds_p:.2f} s ({steps} purification steps)")
    print("  " + time_statsmodels(scores, group, result))
    livingston_lewis_run(args.examinees, args.ll_items)


if __name__ == "__main__":
    main()
