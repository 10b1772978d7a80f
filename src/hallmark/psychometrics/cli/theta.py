"""``hallmark theta``: ability estimates for a scored response file from item parameters."""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
from collections.abc import Sequence

from hallmark import csv_cells
from hallmark.psychometrics.cli._common import (
    LONG_WORK_BYTES,
    VerbError,
    make_parser,
    parse,
    progress_bar,
    run_verb,
)
from hallmark.psychometrics.io import InputFileError, read_scored

__all__ = ["main"]

DESCRIPTION = """\
Estimate each candidate's ability (theta) with its standard error from item parameters.

SCORED.csv: header row, id column first, one column per item (1, 0 or blank = not
presented). PARAMS.csv (as written by `hallmark calibrate --out`): columns item,a,b,c,d; every
item column of SCORED.csv needs a row. Output: CSV with columns id,theta,se."""

EPILOG = """\
methods: eap (posterior mean and sd; default), map (posterior mode), mle (maximum
likelihood, held inside [-4, 4] so all-right and all-wrong patterns get a finite value).
The prior is N(--prior-mean, --prior-sd^2); for a Rasch calibration pass its latent sd.
See docs/psychometrics-irt.md."""


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("scored", metavar="SCORED.csv", help="the scored response file")
    parser.add_argument("--params", metavar="PARAMS.csv", required=True, help="item parameters")
    parser.add_argument("--method", choices=("eap", "map", "mle"), default="eap")
    parser.add_argument("--out", metavar="THETA.csv", help="write here instead of stdout")
    parser.add_argument("--freq", metavar="COLUMN", help="column of pattern frequencies (ignored)")
    parser.add_argument("--prior-mean", type=float, default=0.0, metavar="X", help="(0)")
    parser.add_argument("--prior-sd", type=float, default=1.0, metavar="X", help="(1)")
    parser.add_argument(
        "--scale", type=float, default=1.0, choices=(1.0, 1.702), help="D of PARAMS.csv (1)"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark theta") -> int:
    args = parse(build_parser(prog), argv)
    if isinstance(args, int):
        return args
    return run_verb(_run, args)


def _run(args: argparse.Namespace) -> int:
    from hallmark.psychometrics.irt import estimate_ability, read_params

    if not math.isfinite(args.prior_mean):
        raise VerbError(f"--prior-mean must be a finite number, got {args.prior_mean}")
    if not (args.prior_sd > 0 and math.isfinite(args.prior_sd)):
        raise VerbError(f"--prior-sd must be positive, got {args.prior_sd}")
    size = os.path.getsize(args.scored) if os.path.exists(args.scored) else 0
    with progress_bar(size, "reading", long_work=size > LONG_WORK_BYTES) as bar:
        table = read_scored(args.scored, args.freq, progress=bar.update)
    params = read_params(args.params, args.scale)
    missing = [name for name in table.items if name not in set(params.items)]
    if missing:
        raise InputFileError(
            args.params,
            f"no parameters for item {missing[0]!r} of {args.scored}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            None,
            "item",
        )
    est = estimate_ability(
        table.scores,
        params.select(table.items),
        args.method,
        prior_mean=args.prior_mean,
        prior_sd=args.prior_sd,
    )
    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(["id", "theta", "se"])
    for ident, theta, se in zip(table.ids, est.theta, est.se, strict=True):
        writer.writerow([ident, _fmt(theta), _fmt(se)])
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
    else:
        sys.stdout.write(out.getvalue())
    return 0


def _fmt(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6f}"
