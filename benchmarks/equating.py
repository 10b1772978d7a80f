"""Speed of equipercentile equating with presmoothing and bootstrap standard errors.

    .venv-bench/bin/python benchmarks/equating.py [--examinees 100000] [--reps 1000] [--items 60]

Two randomly equivalent groups of --examinees each take 60-item forms X and Y (seeded,
simulated from a 2PL-like model, Y a little easier). hallmark equates X to Y by
equipercentile equating after log-linear presmoothing (4 moments kept) with --reps bootstrap
replications, read from one-row-per-examinee CSV files as `hallmark equate` does.

Peer: the PyPI package pyequate (benchmarks/requirements-peers.txt) has presmoothing and
equipercentile equating but no bootstrap, so it is timed equating the same bootstrap tables
one by one (presmooth, then equipercen); its point estimate is compared with hallmark's.
A peer that is missing or fails is reported as such.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

from hallmark.psychometrics.equating import equate_random_groups, read_score_file
from hallmark.psychometrics.equating._bootstrap import resample

SEED = 20261206
DEGREE = 4


def simulate(examinees: int, items: int, shift: float, seed: int) -> np.ndarray:
    """Raw scores of one group: binomial given a 2PL-like ability, one per examinee."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(examinees)
    b = rng.normal(-shift, 1.0, items)
    p = 1 / (1 + np.exp(-1.7 * (theta[:, None] - b[None, :])))
    return (rng.random((examinees, items)) < p).sum(axis=1)


def write_scores(path: Path, scores: np.ndarray) -> None:
    path.write_text("total\n" + "\n".join(map(str, scores.tolist())) + "\n")


def time_hallmark(x_path: Path, y_path: Path, items: int, reps: int) -> tuple[float, float, object]:
    start = time.perf_counter()
    x = read_score_file(x_path, max_score=items).counts
    y = read_score_file(y_path, max_score=items).counts
    read = time.perf_counter() - start
    result = equate_random_groups(x, y, "equipercentile", degree=DEGREE, bootstrap=reps, seed=SEED)
    return read, time.perf_counter() - start, result


def time_pyequate(x: np.ndarray, y: np.ndarray, items: int, reps: int) -> str:
    try:
        import pandas as pd
        import pyequate
    except ImportError:
        return "pyequate: not installed (pip install -r benchmarks/requirements-peers.txt)"

    def equate_one(fx: np.ndarray, gy: np.ndarray) -> np.ndarray:
        frames = []
        for form, counts in (("X", fx), ("Y", gy)):
            smooth = np.asarray(pyequate.presmooth(counts, 0, items, degrees=[DEGREE]))
            frames.append(
                pd.DataFrame(
                    {
                        "form": form,
                        "score": np.arange(items + 1),
                        "smoothed_freq": smooth,
                        "order": DEGREE,
                    }
                )
            )
        table = pyequate.equipercen(
            score_min=0, score_max=items, presmoothed_df=pd.concat(frames), order=DEGREE
        )
        return table["equated"].to_numpy()

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            point = equate_one(x, y)
            rx, ry = resample(x, reps, SEED), resample(y, reps, SEED + 1)
            start = time.perf_counter()
            boot = np.array([equate_one(a, b) for a, b in zip(rx, ry, strict=True)])
            elapsed = time.perf_counter() - start
    except Exception as error:  # a peer's failure is a finding, not a crash
        return f"pyequate: failed ({type(error).__name__}: {error})"
    ours = equate_random_groups(x, y, "equipercentile", degree=DEGREE)
    diff = float(np.max(np.abs(point - ours.equated)))
    se = np.std(boot, axis=0, ddof=1)
    return (
        f"pyequate {version('pyequate')}: "
        f"{elapsed:.2f} s for the same {reps} bootstrap tables (presmoothing + equating, "
        f"one by one); largest difference from hallmark's point estimate {diff:.2e}; "
        f"median bootstrap se {np.median(se):.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examinees", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    x_scores = simulate(args.examinees, args.items, 0.0, SEED)
    y_scores = simulate(args.examinees, args.items, 0.2, SEED + 1)
    with tempfile.TemporaryDirectory() as tmp:
        x_path, y_path = Path(tmp) / "x.csv", Path(tmp) / "y.csv"
        write_scores(x_path, x_scores)
        write_scores(y_path, y_scores)
        read, total, result = time_hallmark(x_path, y_path, args.items, args.reps)
    se = result.se  # type: ignore[attr-defined]
    print(
        f"hallmark: {total:.2f} s for {args.examinees:,} + {args.examinees:,} examinees, "
        f"{args.items} items: reading both files {read:.2f} s, then presmoothing (degree "
        f"{DEGREE}) + equipercentile + {args.reps} bootstrap replications "
        f"{total - read:.2f} s; median se {np.median(se):.4f}"
    )
    if not args.skip_peer:
        x = np.bincount(x_scores, minlength=args.items + 1).astype(np.float64)
        y = np.bincount(y_scores, minlength=args.items + 1).astype(np.float64)
        print(time_pyequate(x, y, args.items, args.reps))


if __name__ == "__main__":
    main()
