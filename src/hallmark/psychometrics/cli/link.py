"""``hallmark link``: put a new calibration on a base scale through common items; screen anchors."""

from __future__ import annotations

import argparse
import io
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallmark import csv_cells
from hallmark.psychometrics.cli._common import VerbError, make_parser, parse_and_run, write_json

if TYPE_CHECKING:
    from hallmark.psychometrics.irt import AnchorDrift, ItemParameters, Linking

__all__ = ["main"]

DESCRIPTION = """\
Link the item parameters of a new calibration (NEW.csv) to a base scale (BASE.csv) through the
items they share (by name): theta_base = A theta_new + B, a_base = a_new / A,
b_base = A b_new + B. Both files as written by `hallmark calibrate --out` (item,a,b,c,d)."""

EPILOG = """\
methods: stocking-lord (default; test characteristic curves), haebara (item characteristic
curves), mean-sigma, mean-mean. --bootstrap N resamples the common items N times (seeded by
--seed) for standard errors of A and B. --drift screens the common items: robust z of the b
differences (|z| > --z-limit, 2.7) and displacement after linking (|shift| > --displacement-
limit, 0.3); drifted items are named and the constants redone without them (used for --out).
--out writes the new items on the base scale (item,a,b,c,d).
See docs/psychometrics-irt.md."""

# The library's methods (`hallmark.psychometrics.irt.LINKING_METHODS`), named here so that
# `--help` does not import scipy.
METHODS = ("mean-sigma", "mean-mean", "haebara", "stocking-lord")


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("new", metavar="NEW.csv", help="parameters on the new scale")
    parser.add_argument("base", metavar="BASE.csv", help="parameters on the base scale")
    parser.add_argument("--method", choices=METHODS, default="stocking-lord")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N", help="resamples (0)")
    parser.add_argument("--seed", type=int, default=None, metavar="N", help="bootstrap seed")
    parser.add_argument("--drift", action="store_true", help="screen the anchors for drift")
    parser.add_argument("--z-limit", type=float, default=2.7, metavar="X", help="(2.7)")
    parser.add_argument("--displacement-limit", type=float, default=0.3, metavar="X", help="(0.3)")
    parser.add_argument("--out", metavar="LINKED.csv", help="write the linked new items here")
    parser.add_argument("--json", action="store_true", help="print a JSON document")
    parser.add_argument(
        "--scale", type=float, default=1.0, choices=(1.0, 1.702), help="D of both files (1)"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark link") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _check_options(args: argparse.Namespace) -> None:
    if args.bootstrap < 0:
        raise VerbError(f"--bootstrap must be 0 or more, got {args.bootstrap}")
    for name in ("z_limit", "displacement_limit"):
        value = getattr(args, name)
        if not (value > 0 and math.isfinite(value)):
            raise VerbError(f"--{name.replace('_', '-')} must be positive, got {value}")


def _run(args: argparse.Namespace) -> int:
    from hallmark.psychometrics.irt import link, read_params, screen_anchors

    _check_options(args)
    new = read_params(args.new, args.scale)
    base = read_params(args.base, args.scale)
    shared = [n for n in new.items if n in set(base.items)]
    if len(shared) < 2:
        raise VerbError(
            f"{args.new} and {args.base} share {len(shared)} item(s) by name; linking needs 2"
        )
    try:
        drift = (
            screen_anchors(
                new,
                base,
                args.method,
                z_limit=args.z_limit,
                displacement_limit=args.displacement_limit,
            )
            if args.drift
            else None
        )
        common = drift.relinked.common if drift and drift.relinked else None
        result = link(
            new, base, args.method, common=common, bootstrap=args.bootstrap, random_state=args.seed
        )
    except ValueError as error:
        raise VerbError(f"{args.new}: {error}") from None
    if args.out:
        Path(args.out).write_text(_params_csv(result.transformed), encoding="utf-8")
    if args.json:
        write_json(_document(result, drift))
    else:
        _print(result, drift)
    return 0


def _document(result: Linking, drift: AnchorDrift | None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "method": result.method,
        "slope": result.slope,
        "intercept": result.intercept,
        "slope_se": result.slope_se,
        "intercept_se": result.intercept_se,
        "bootstrap": result.n_bootstrap,
        "criterion": result.criterion,
        "converged": result.converged,
        "common": list(result.common),
    }
    if drift is not None:
        doc["drift"] = drift.to_dict()
    return doc


def _print(result: Linking, drift: AnchorDrift | None) -> None:
    out = sys.stdout
    se = ""
    if result.n_bootstrap:
        se = f"  (bootstrap SE {result.slope_se:.4f}, {result.intercept_se:.4f}; "
        se += f"{result.n_bootstrap} resamples)"
    print(f"method {result.method}, {len(result.common)} common items", file=out)
    print(f"A {result.slope:.6f}  B {result.intercept:.6f}{se}", file=out)
    if drift is None:
        return
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(["item", "b_difference", "robust_z", "displacement", "drifted"])
    rows = zip(drift.items, drift.b_difference, drift.robust_z, drift.displacement, strict=True)
    for name, d, z, s in rows:
        z_text = "" if math.isnan(z) else f"{z:.3f}"
        writer.writerow([name, f"{d:.4f}", z_text, f"{s:.4f}", int(name in drift.drifted)])
    named = ", ".join(drift.drifted) if drift.drifted else "none"
    print(f"drifted: {named}", file=out)


def _params_csv(params: ItemParameters) -> str:
    buffer = io.StringIO()
    writer = csv_cells.writer(buffer, lineterminator="\n")
    writer.writerow(["item", "a", "b", "c", "d"])
    for j, name in enumerate(params.items):
        values = (params.a[j], params.b[j], params.c[j], params.d[j])
        writer.writerow([name, *(f"{v:.10g}" for v in values)])
    return buffer.getvalue()
