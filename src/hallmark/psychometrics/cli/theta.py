"""``hallmark theta``: ability estimates, person fit lz and the raw -> theta conversion table."""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hallmark import csv_cells
from hallmark.psychometrics.cli._common import (
    LONG_WORK_BYTES,
    VerbError,
    make_parser,
    parse_and_run,
    progress_bar,
    write_json,
)
from hallmark.psychometrics.io import InputFileError, read_scored

if TYPE_CHECKING:
    from hallmark.psychometrics.irt import ItemParameters

__all__ = ["main"]

DESCRIPTION = """\
Estimate each candidate's ability (theta) with its standard error from item parameters, or
print the raw -> theta -> scaled conversion table of the whole form (--table).

SCORED.csv: header row, id column first, one column per item (1, 0 or blank = not
presented). PARAMS.csv (as written by `hallmark calibrate --out`): columns item,a,b,c,d; every
item column of SCORED.csv needs a row. Output: CSV with columns id,theta,se; with --json, a
document that adds each candidate's person fit lz."""

EPILOG = """\
methods: eap (posterior mean and sd; default), map (posterior mode), mle (maximum
likelihood, held inside [-4, 4] so all-right and all-wrong patterns get a finite value),
wle (Warm's weighted likelihood: finite for those patterns under the 1PL and 2PL, held
inside [-4, 4]). The prior is N(--prior-mean, --prior-sd^2); for a Rasch calibration pass its
latent sd. lz is computed at each candidate's estimate (below -1.645: a pattern the model
finds unlikely).
--table tcc: theta of each raw score 0..k by inverting the test characteristic curve, CSEM
1/sqrt(I(theta)); --table eap: the EAP of each raw score and its posterior sd. Columns
raw,theta,theta_csem,scaled,scaled_csem,raw_csem,at_bound; scaled = --slope * theta +
--intercept. SCORED.csv is not read with --table.
See docs/psychometrics-irt.md."""

# The library's methods (`hallmark.psychometrics.irt`), named here so that `--help` does not
# import scipy.
METHODS = ("eap", "map", "mle", "wle")
TABLE_METHODS = ("tcc", "eap")


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("scored", metavar="SCORED.csv", nargs="?", help="the scored responses")
    parser.add_argument("--params", metavar="PARAMS.csv", required=True, help="item parameters")
    parser.add_argument("--method", choices=METHODS, default="eap")
    parser.add_argument("--table", choices=TABLE_METHODS, help="print the conversion table")
    parser.add_argument("--slope", type=float, default=1.0, metavar="X", help="scaled slope (1)")
    parser.add_argument(
        "--intercept", type=float, default=0.0, metavar="X", help="scaled intercept (0)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON document")
    parser.add_argument("--out", metavar="FILE.csv", help="write the CSV here instead of stdout")
    parser.add_argument("--freq", metavar="COLUMN", help="column of pattern frequencies (ignored)")
    parser.add_argument("--prior-mean", type=float, default=0.0, metavar="X", help="(0)")
    parser.add_argument("--prior-sd", type=float, default=1.0, metavar="X", help="(1)")
    parser.add_argument(
        "--scale", type=float, default=1.0, choices=(1.0, 1.702), help="D of PARAMS.csv (1)"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark theta") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _check_options(args: argparse.Namespace) -> None:
    if not math.isfinite(args.prior_mean):
        raise VerbError(f"--prior-mean must be a finite number, got {args.prior_mean}")
    if not (args.prior_sd > 0 and math.isfinite(args.prior_sd)):
        raise VerbError(f"--prior-sd must be positive, got {args.prior_sd}")
    if not (args.slope > 0 and math.isfinite(args.slope)):
        raise VerbError(f"--slope must be positive, got {args.slope}")
    if not math.isfinite(args.intercept):
        raise VerbError(f"--intercept must be a finite number, got {args.intercept}")
    if args.table is None and args.scored is None:
        raise VerbError("SCORED.csv is required (unless --table asks for the conversion table)")
    if args.table is not None and args.scored is not None:
        raise VerbError("--table prints the form's conversion table: give no SCORED.csv with it")


def _run(args: argparse.Namespace) -> int:
    from hallmark.psychometrics.irt import read_params

    _check_options(args)
    params = read_params(args.params, args.scale)
    if args.table:
        return _table(args, params)
    return _abilities(args, params)


def _table(args: argparse.Namespace, params: ItemParameters) -> int:
    from hallmark.psychometrics.irt import conversion_table

    try:
        table = conversion_table(
            params,
            args.table,
            slope=args.slope,
            intercept=args.intercept,
            prior_mean=args.prior_mean,
            prior_sd=args.prior_sd,
        )
    except ValueError as error:
        raise VerbError(f"{args.params}: {error}") from None
    if args.json:
        write_json(table.to_dict())
        return 0
    columns = ("theta", "theta_csem", "scaled", "scaled_csem", "raw_csem")
    rows = [
        [int(raw), *(_fmt(float(getattr(table, c)[j])) for c in columns), int(table.at_bound[j])]
        for j, raw in enumerate(table.raw)
    ]
    _write_csv(args.out, ["raw", *columns, "at_bound"], rows)
    return 0


def _abilities(args: argparse.Namespace, params: ItemParameters) -> int:
    import numpy as np

    from hallmark.psychometrics.irt import estimate_ability, person_fit

    size = os.path.getsize(args.scored) if os.path.exists(args.scored) else 0
    with progress_bar(size, "reading", long_work=size > LONG_WORK_BYTES) as bar:
        table = read_scored(args.scored, args.freq, progress=bar.update)
    missing = [name for name in table.items if name not in set(params.items)]
    if missing:
        raise InputFileError(
            args.params,
            f"no parameters for item {missing[0]!r} of {args.scored}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            None,
            "item",
        )
    used = params.select(table.items)
    est = estimate_ability(
        table.scores, used, args.method, prior_mean=args.prior_mean, prior_sd=args.prior_sd
    )
    if args.json:
        ok = np.isfinite(est.theta)
        lz = np.full(est.theta.shape, np.nan)
        if ok.any():
            lz[ok] = person_fit(table.scores[ok], used, est.theta[ok]).lz
        write_json(_document(args.method, table.ids, est.theta, est.se, lz, est.at_bound))
        return 0
    rows = [
        [ident, _fmt(t), _fmt(s)] for ident, t, s in zip(table.ids, est.theta, est.se, strict=True)
    ]
    _write_csv(args.out, ["id", "theta", "se"], rows)
    return 0


def _document(method: str, ids: Sequence[str], *columns: Any) -> dict[str, Any]:
    theta, se, lz, at_bound = columns
    return {
        "method": method,
        "candidates": [
            {"id": i, "theta": float(t), "se": float(s), "lz": float(z), "at_bound": bool(b)}
            for i, t, s, z, b in zip(ids, theta, se, lz, at_bound, strict=True)
        ],
    }


def _write_csv(path: str | None, header: list[str], rows: list[list[Any]]) -> None:
    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if path:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
    else:
        sys.stdout.write(out.getvalue())


def _fmt(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6f}"
