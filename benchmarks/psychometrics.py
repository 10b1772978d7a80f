"""Speed, memory and accuracy of hallmark.psychometrics against peer packages, in one run.

    make bench-psychometrics            # = .venv-bench/bin/python benchmarks/psychometrics.py
    .venv-bench/bin/python benchmarks/psychometrics.py --quick   # small smoke run

1. Classical item analysis of 1,000,000 candidates x 150 four-option items (uint8 codes and a
   key): wall time and peak memory above the process's resident memory before the call, next
   to the size of the response matrix (one byte per response). Targets: <= 5 s, <= 3x.
2. IRT calibration (2PL 20,000 x 60 and 100,000 x 150; 3PL 20,000 x 60) on seeded simulated
   data: wall time of the fit and RMSE against the true a and b (and c), for hallmark and for
   the PyPI packages girth and mirt (benchmarks/requirements-peers.txt; mirt given 61
   quadrature points and tolerance 1e-6, standard errors off like girth's; girth given integer
   input). hallmark is timed parameters-only for the ratio and again with its standard errors.
   Each measurement (item analysis too) runs twice (--repeat) and the faster run counts, as
   the cores may be shared; a fit longer than 120 s is not repeated. A peer that is missing,
   fails or runs past the time limit is reported as such.

3. Whole processes, 2PL 20,000 x 60 from a CSV file (--process): `hallmark calibrate FILE
   --model 2pl` (reading, imports, fit and standard errors) against a `python -c` process that
   reads the same CSV with numpy and fits mirt's 2PL as above; the ratio, and where hallmark's
   time goes (imports, reading, the fit, the standard errors), measured inside one process.
   Target: hallmark at least 10x faster than mirt.

Every fit runs in a fresh process (spawned), so peaks and timings are its own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

OPTIONS = ["A", "B", "C", "D"]
SEED = 20261128


# --------------------------------------------------------------------------------------------
# data


def simulate_codes(rows: int, items: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Four-option responses (uint8 codes 1..4) from a 2PL-like model, 2% omitted (0)."""
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
    return codes, keys


def simulate_irt(model: str, rows: int, items: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """True parameters (D = 1 logistic) and 0/1 responses as int8."""
    rng = np.random.default_rng(seed + rows + items)
    a = rng.lognormal(0.0, 0.25, items)
    b = rng.normal(0.0, 1.0, items)
    c = np.full(items, 0.2) if model == "3PL" else np.zeros(items)
    theta = rng.standard_normal(rows)
    responses = np.empty((rows, items), dtype=np.int8)
    for start in range(0, rows, 20000):  # keep the float temporaries small
        t = theta[start : start + 20000, None]
        p = c + (1 - c) / (1 + np.exp(-a * (t - b)))
        responses[start : start + 20000] = rng.random(p.shape) < p
    return {"a": a, "b": b, "c": c, "x": responses}


# --------------------------------------------------------------------------------------------
# child processes


def resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux


def _ctt_child(folder: str, out: Any) -> None:
    try:
        from hallmark.psychometrics import EncodedResponses, item_analysis

        codes = np.load(Path(folder) / "codes.npy")
        keys = np.load(Path(folder) / "keys.npy")
        encoded = EncodedResponses(codes, OPTIONS)
        key = {f"Q{j + 1}": OPTIONS[k - 1] for j, k in enumerate(keys)}
        items = list(key)
        before = resident_mb()
        start = time.perf_counter()
        item_analysis(encoded, key, items=items)
        seconds = time.perf_counter() - start
        out.put({"seconds": seconds, "peak_extra_mb": peak_mb() - before})
    except Exception:  # the parent reports it
        out.put({"error": traceback.format_exc(limit=2).strip().splitlines()[-1]})


def _fit_child(package: str, model: str, folder: str, with_se: bool, out: Any) -> None:
    try:
        x = np.load(Path(folder) / "x.npy")
        _import(package)  # imports are not part of the fit's time
        start = time.perf_counter()
        a, b, c, note = _fit(package, model, x, with_se)
        out.put({"seconds": time.perf_counter() - start, "a": a, "b": b, "c": c, "note": note})
    except Exception:
        out.put({"error": traceback.format_exc(limit=2).strip().splitlines()[-1]})


def _import(package: str) -> None:
    if package == "hallmark":
        import hallmark.psychometrics.irt  # noqa: F401
    elif package == "girth":
        import girth  # noqa: F401
    elif package == "mirt":
        import mirt  # noqa: F401


def _fit(package: str, model: str, x: np.ndarray, with_se: bool) -> tuple[Any, Any, Any, str]:
    if package == "hallmark":
        from hallmark.psychometrics.irt import calibrate

        fit = calibrate(x.astype(np.float64), model.lower(), standard_errors=with_se)
        p = fit.parameters
        return p.a, p.b, p.c, f"{fit.iterations} EM cycles"
    if package == "girth":
        import girth

        options = {"quadrature_n": 61, "quadrature_bounds": (-6.0, 6.0)}
        data = x.T.astype(int)  # girth: items x candidates, integer (not boolean)
        if model == "2PL":
            r = girth.twopl_mml(data, options)
            return r["Discrimination"], r["Difficulty"], np.zeros(x.shape[1]), ""
        r = girth.threepl_mml(data, options)
        return r["Discrimination"], r["Difficulty"], r["Guessing"], ""
    if package == "mirt":
        import mirt

        r = mirt.fit_mirt(
            x.astype(int), model=model, n_quadpts=61, tol=1e-6, compute_standard_errors=False
        )
        p = r.model.parameters
        c = p.get("guessing", np.zeros(x.shape[1]))
        return p["discrimination"], p["difficulty"], c, f"{r.n_iterations} EM cycles"
    raise ValueError(package)


def in_child(target: Any, args: tuple[Any, ...], timeout: float) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue: Any = ctx.Queue()
    child = ctx.Process(target=target, args=(*args, queue))
    child.start()
    try:
        result: dict[str, Any] = queue.get(timeout=timeout)
    except Exception:
        child.kill()
        child.join()
        return {"error": f"no result within {timeout:.0f} s"}
    child.join()
    return result


# --------------------------------------------------------------------------------------------
# reports


def ctt_benchmark(rows: int, items: int, timeout: float, repeat: int) -> None:
    print(f"== classical item analysis: {rows:,} candidates x {items} items (uint8 codes + key)")
    with tempfile.TemporaryDirectory() as folder:
        codes, keys = simulate_codes(rows, items)
        np.save(Path(folder) / "codes.npy", codes)
        np.save(Path(folder) / "keys.npy", keys)
        matrix_mb = codes.nbytes / 1e6
        del codes
        runs = [in_child(_ctt_child, (folder,), timeout) for _ in range(repeat)]
    good = [r for r in runs if "error" not in r]
    r = min(good, key=lambda g: g["seconds"]) if good else runs[0]
    if "error" in r:
        print(f"   failed: {r['error']}")
        return
    extra = r["peak_extra_mb"]
    print(
        f"   wall {r['seconds']:.2f} s (target <= 5 s); peak extra memory {extra:.0f} MB"
        f" = {extra / matrix_mb:.2f}x the {matrix_mb:.0f} MB response matrix (target <= 3x);"
        f" best of {len(good)} run(s)"
    )


@dataclass
class Row:
    package: str
    seconds: float | None
    rmse_a: float | None
    rmse_b: float | None
    rmse_c: float | None
    note: str


def _rmse(est: Any, true: np.ndarray) -> float:
    est = np.asarray(est, dtype=np.float64).reshape(-1)
    return float(np.sqrt(np.mean((est - true) ** 2)))


# A fit slower than this is not repeated (the machine's load matters little at that length).
REPEAT_LIMIT_S = 120.0


def _best_of(
    repeat: int, package: str, model: str, folder: str, with_se: bool, timeout: float
) -> dict[str, Any]:
    """The fastest of `repeat` runs, each in a fresh process: the cores may be shared."""
    best: dict[str, Any] = {}
    for run in range(1, repeat + 1):
        r = in_child(_fit_child, (package, model, folder, with_se), timeout)
        if "error" in r:
            return best if best else r
        if not best or r["seconds"] < best["seconds"]:
            best = r
        best["runs"] = run
        if r["seconds"] > REPEAT_LIMIT_S:
            break
    return best


def irt_case(model: str, rows: int, items: int, timeout: float, repeat: int) -> None:
    print(f"== {model} calibration: {rows:,} candidates x {items} items")
    truth = simulate_irt(model, rows, items)
    results: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder) / "x.npy", truth["x"])
        runs = [("hallmark", False), ("hallmark", True), ("girth", False), ("mirt", False)]
        estimates: dict[str, dict[str, Any]] = {}
        for package, with_se in runs:
            name = package + (" (+ standard errors)" if with_se else "")
            r = _best_of(repeat, package, model, folder, with_se, timeout)
            if "error" not in r:
                estimates.setdefault(package, r)
            if "error" in r:
                results.append(Row(name, None, None, None, None, f"failed: {r['error']}"))
                continue
            c = _rmse(r["c"], truth["c"]) if model == "3PL" else None
            note = f"best of {r['runs']} run(s)" + (f"; {r['note']}" if r["note"] else "")
            results.append(
                Row(
                    name,
                    r["seconds"],
                    _rmse(r["a"], truth["a"]),
                    _rmse(r["b"], truth["b"]),
                    c,
                    note,
                )
            )
    ours = results[0].seconds
    header = f"   {'package':<32}{'time s':>9}{'RMSE a':>9}{'RMSE b':>9}"
    header += f"{'RMSE c':>9}" if model == "3PL" else ""
    print(header + f"{'peer/ours':>11}  note")
    for row in results:

        def num(v: float | None, fmt: str = ".4f") -> str:
            return "—" if v is None else format(v, fmt)

        line = f"   {row.package:<32}{num(row.seconds, '.2f'):>9}"
        line += f"{num(row.rmse_a):>9}{num(row.rmse_b):>9}"
        if model == "3PL":
            line += f"{num(row.rmse_c):>9}"
        ratio = (
            ""
            if row.package.startswith("hallmark") or row.seconds is None or not ours
            else f"{row.seconds / ours:.1f}x"
        )
        print(line + f"{ratio:>11}  {row.note}")
    if model == "2PL":
        loglik_at_estimates(truth["x"], estimates)


def loglik_at_estimates(x: np.ndarray, estimates: dict[str, dict[str, Any]]) -> None:
    """The same marginal likelihood (61 nodes on [-6, 6], N(0, 1)) at each package's estimates:
    where RMSEs against the truth differ, this says which fit is the better maximum."""
    from hallmark.psychometrics.irt import ItemParameters, calibrate

    names = tuple(f"Q{j + 1}" for j in range(x.shape[1]))
    parts = []
    for package, r in estimates.items():
        a = np.asarray(r["a"], dtype=np.float64).reshape(-1)
        b = np.asarray(r["b"], dtype=np.float64).reshape(-1)
        fixed = ItemParameters(items=names, a=a, d=-a * b)
        fit = calibrate(x.astype(np.float64), "2pl", items=names, anchors=fixed)
        parts.append(f"{package} {fit.loglik:,.3f}")
    print("   log-likelihood at each package's estimates: " + "; ".join(parts))


# --------------------------------------------------------------------------------------------
# whole processes

MIRT_PROCESS = """
import sys, numpy as np, mirt
k = int(sys.argv[2])
x = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=range(1, k + 1), dtype=int)
mirt.fit_mirt(x, model="2PL", n_quadpts=61, tol=1e-6, compute_standard_errors=False)
"""

PHASES = """
import sys, time
t0 = time.perf_counter()
import hallmark.psychometrics.cli.calibrate, hallmark.psychometrics.irt as irt
from hallmark.psychometrics.io import read_scored
t1 = time.perf_counter()
table = read_scored(sys.argv[1])
t2 = time.perf_counter()
irt.calibrate(table.scores, "2pl", items=table.items, standard_errors=False)
t3 = time.perf_counter()
irt.calibrate(table.scores, "2pl", items=table.items)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, (t4 - t3) - (t3 - t2))
"""


def write_csv(path: Path, x: np.ndarray) -> None:
    header = "id," + ",".join(f"Q{j + 1}" for j in range(x.shape[1]))
    ids = np.array([f"c{i}" for i in range(x.shape[0])])[:, None]
    rows = np.hstack([ids, x.astype(str)])
    np.savetxt(path, rows, fmt="%s", delimiter=",", header=header, comments="")


def wall(command: list[str], timeout: float) -> float | None:
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    except (subprocess.SubprocessError, OSError):
        return None
    return time.perf_counter() - start


def process_benchmark(rows: int, items: int, timeout: float, repeat: int) -> None:
    print(f"== whole processes, 2PL from a CSV file: {rows:,} candidates x {items} items")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scored.csv"
        write_csv(path, simulate_irt("2PL", rows, items)["x"])
        ours_cmd = [sys.executable, "-m", "hallmark.site.cli", "calibrate", str(path)]
        ours_cmd += ["--model", "2pl", "--out", str(Path(folder) / "params.csv")]
        peer_cmd = [sys.executable, "-c", MIRT_PROCESS, str(path), str(items)]
        ours = [wall(ours_cmd, timeout) for _ in range(repeat)]
        peer = [wall(peer_cmd, timeout) for _ in range(repeat)]
        phases = subprocess.run(
            [sys.executable, "-c", PHASES, str(path)], capture_output=True, text=True, check=True
        ).stdout.split()
    best_ours = min((t for t in ours if t is not None), default=None)
    best_peer = min((t for t in peer if t is not None), default=None)
    if best_ours is None:
        print("   hallmark calibrate failed")
        return
    print(f"   hallmark calibrate --model 2pl     {best_ours:7.2f} s  (best of {repeat})")
    if best_peer is None:
        print("   mirt (python -c): failed or missing")
    else:
        print(
            f"   mirt 2PL (python -c)               {best_peer:7.2f} s  "
            f"{best_peer / best_ours:.1f}x hallmark's time (target >= 10x)"
        )
    imports, reading, fit, se = (float(v) for v in phases)
    print(
        f"   hallmark's time: imports {imports:.2f} s, reading {reading:.2f} s, "
        f"fit {fit:.2f} s, standard errors {se:.2f} s (the rest: the interpreter)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per fit (1800)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs per fit, fastest kept (2; not past 120 s)"
    )
    parser.add_argument(
        "--process", action="store_true", help="only the whole-process comparison (section 3)"
    )
    args = parser.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, seed {SEED}")
    if args.process:
        process_benchmark(20000, 60, args.timeout, max(1, args.repeat))
        return
    if args.quick:
        ctt_benchmark(20000, 50, args.timeout, max(1, args.repeat))
        cases = [("2PL", 2000, 20), ("3PL", 2000, 20)]
    else:
        ctt_benchmark(1_000_000, 150, args.timeout, max(1, args.repeat))
        cases = [("2PL", 20000, 60), ("2PL", 100000, 150), ("3PL", 20000, 60)]
    for model, rows, items in cases:
        irt_case(model, rows, items, args.timeout, max(1, args.repeat))
    if args.quick:
        process_benchmark(2000, 20, args.timeout, max(1, args.repeat))
    else:
        process_benchmark(20000, 60, args.timeout, max(1, args.repeat))


if __name__ == "__main__":
    main()
