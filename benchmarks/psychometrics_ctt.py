"""Speed and memory of classical item analysis and of the response-file reader.

    .venv/bin/python benchmarks/psychometrics_ctt.py [--rows 1000000] [--items 150] [--skip-read]

Each step runs in a fresh process so its peak memory (the high-water mark of resident memory,
less the process's resident memory just before the step) is its own. Targets: item analysis of
1,000,000 x 150 responses in at most 5 s with peak extra memory at most 3x the response matrix
(one byte per response); the reader at a few seconds for the same size.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

OPTIONS = ["A", "B", "C", "D"]


def simulate_codes(rows: int, items: int, seed: int = 20261128) -> tuple[np.ndarray, np.ndarray]:
    """Four-option responses from a 2PL-like model, built directly as uint8 codes (1..4),
    with 2% omits and 5% of candidates running out of time over the last tenth of the form."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(rows).astype(np.float32)
    difficulty = rng.normal(0, 1, items).astype(np.float32)
    keys = rng.integers(1, 5, items).astype(np.uint8)
    codes = np.empty((rows, items), dtype=np.uint8)
    for j in range(items):
        right = rng.random(rows, dtype=np.float32) < 1 / (
            1 + np.exp(-1.7 * (theta - difficulty[j]))
        )
        wrong = rng.integers(1, 4, rows).astype(np.uint8)
        wrong += wrong >= keys[j]
        column = np.where(right, keys[j], wrong)
        column[rng.random(rows, dtype=np.float32) < 0.02] = 0
        codes[:, j] = column
    slow = rng.random(rows) < 0.05
    codes[slow, items - items // 10 :] = 255
    return codes, keys


def resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux


def analysis_in_fresh_process(rows: int, items: int) -> dict[str, float]:
    """Simulate in the parent, save, and analyse in a child whose peak RSS starts clean."""
    with tempfile.TemporaryDirectory() as folder:
        codes, keys = simulate_codes(rows, items)
        path = Path(folder) / "codes.npy"
        np.save(path, codes)
        np.save(Path(folder) / "keys.npy", keys)
        del codes
        queue: Any = mp.get_context("spawn").Queue()
        child = mp.get_context("spawn").Process(target=_analyse_saved, args=(folder, queue))
        child.start()
        result: dict[str, float] = queue.get()
        child.join()
    return result


def _analyse_saved(folder: str, out: Any) -> None:
    from hallmark.psychometrics import EncodedResponses, item_analysis

    codes = np.load(Path(folder) / "codes.npy")
    keys = np.load(Path(folder) / "keys.npy")
    encoded = EncodedResponses(codes, OPTIONS)
    key = {f"Q{j + 1}": OPTIONS[k - 1] for j, k in enumerate(keys)}
    before = resident_mb()
    start = time.perf_counter()
    result = item_analysis(encoded, key, items=list(key), cut=codes.shape[1] * 0.6)
    seconds = time.perf_counter() - start
    out.put(
        {
            "seconds": seconds,
            "matrix_mb": codes.nbytes / 1e6,
            "extra_mb": peak_mb() - before,
            "alpha": result.reliability.alpha,
            "flagged": float(len(result.flagged())),
        }
    )


def write_csv(path: Path, codes: np.ndarray) -> None:
    """The codes as a response file: an 8-character id, then a letter or a blank per item."""
    letters = np.frombuffer(b"\0ABCD", dtype=np.uint8)  # omitted and not reached -> blank
    rows, items = codes.shape
    with open(path, "wb") as f:
        f.write(("id," + ",".join(f"Q{j + 1}" for j in range(items)) + "\n").encode())
        for start in range(0, rows, 50_000):
            block = codes[start : start + 50_000]
            m = len(block)
            ids = np.array([f"C{i:07d}" for i in range(start, start + m)], dtype="S8")
            line = np.zeros((m, 8 + 2 * items + 1), dtype=np.uint8)
            line[:, :8] = ids.view(np.uint8).reshape(m, 8)
            line[:, 8:-1:2] = ord(",")
            line[:, 9:-1:2] = letters[np.where(block == 255, 0, block)]
            line[:, -1] = ord("\n")
            f.write(line[line != 0].tobytes())  # NUL marks a blank: drop it


def _read_saved(path: str, out: Any) -> None:
    from hallmark.psychometrics import read_encoded

    before = resident_mb()
    start = time.perf_counter()
    table = read_encoded(path)
    seconds = time.perf_counter() - start
    out.put(
        {
            "seconds": seconds,
            "extra_mb": peak_mb() - before,
            "matrix_mb": table.encoded.codes.nbytes / 1e6,
            "file_mb": os.path.getsize(path) / 1e6,
        }
    )


def read_in_fresh_process(rows: int, items: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        codes, _ = simulate_codes(rows, items)
        write_csv(path, codes)
        del codes
        queue: Any = mp.get_context("spawn").Queue()
        child = mp.get_context("spawn").Process(target=_read_saved, args=(str(path), queue))
        child.start()
        result: dict[str, float] = queue.get()
        child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--skip-read", action="store_true", help="only the item analysis")
    args = parser.parse_args()
    print(f"hallmark.psychometrics classical item analysis, {args.rows:,} x {args.items}")
    print(f"machine: {os.cpu_count()} CPU(s), numpy {np.__version__}")
    a = analysis_in_fresh_process(args.rows, args.items)
    print(
        f"item_analysis: {a['seconds']:.2f} s; response matrix {a['matrix_mb']:.0f} MB; "
        f"peak extra memory {a['extra_mb']:.0f} MB = {a['extra_mb'] / a['matrix_mb']:.2f}x "
        f"the matrix (alpha {a['alpha']:.4f}, {a['flagged']:.0f} items flagged)"
    )
    if not args.skip_read:
        r = read_in_fresh_process(args.rows, args.items)
        print(
            f"read_encoded: {r['seconds']:.2f} s for a {r['file_mb']:.0f} MB CSV "
            f"({r['file_mb'] / r['seconds']:.0f} MB/s); peak extra memory {r['extra_mb']:.0f} MB "
            f"= {r['extra_mb'] / r['matrix_mb']:.2f}x the {r['matrix_mb']:.0f} MB matrix"
        )
    print("no peer implementation is installed to compare against on the same data")


if __name__ == "__main__":
    main()
