"""``hallmark calibrate``: IRT item calibration of a scored (0/1) response file."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    from hallmark.psychometrics.irt import Calibration

__all__ = ["main"]

DESCRIPTION = """\
Calibrate the items of a scored response file by marginal maximum likelihood (EM):
slopes a, intercepts d, difficulties b = -d/a and lower asymptotes c, with standard errors
from the observed information (Louis), plus log-likelihood, AIC and BIC.

SCORED.csv has a header row, an id column first, then one column per item holding 1, 0 or a
blank (not presented: skipped in the likelihood). With --anchors, the items listed in
PARAMS.csv keep their bank parameters and the other items are calibrated onto the bank's
scale (the latent mean and sd are estimated)."""

EPILOG = """\
models: rasch (slopes 1, latent variance estimated), 1pl (one common slope, N(0,1) trait),
2pl, 3pl (beta(6,16) prior on c). PARAMS.csv columns: item,a,b,c,d,se_a,se_b,se_c,se_d.
See docs/psychometrics-irt.md."""

# The IRT models (`hallmark.psychometrics.irt.MODELS`), named here so that `--help` does not
# import scipy.
MODELS = ("rasch", "1pl", "2pl", "3pl")

# Calibrations of more cells than this show a progress bar (when stderr is a terminal).
LONG_WORK_CELLS = 2_000_000


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("scored", metavar="SCORED.csv", help="the scored response file")
    parser.add_argument("--model", required=True, choices=MODELS, help="the IRT model")
    parser.add_argument("--freq", metavar="COLUMN", help="column of pattern frequencies")
    parser.add_argument("--anchors", metavar="PARAMS.csv", help="bank parameters of anchor items")
    parser.add_argument("--out", metavar="PARAMS.csv", help="write the item parameters here")
    parser.add_argument("--json", action="store_true", help="print a JSON document")
    parser.add_argument(
        "--quadpts", type=int, default=61, metavar="N", help="quadrature points (61)"
    )
    parser.add_argument("--tol", type=float, default=1e-4, metavar="X", help="convergence (1e-4)")
    parser.add_argument("--max-iter", type=int, default=500, metavar="N", help="EM cycle cap (500)")
    parser.add_argument(
        "--scale", type=float, default=1.0, choices=(1.0, 1.702), help="logistic constant D (1)"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark calibrate") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _check_options(args: argparse.Namespace) -> None:
    if args.quadpts < 5:
        raise VerbError(f"--quadpts must be at least 5, got {args.quadpts}")
    if not args.tol > 0:
        raise VerbError(f"--tol must be positive, got {args.tol}")
    if args.max_iter < 1:
        raise VerbError(f"--max-iter must be at least 1, got {args.max_iter}")


def _run(args: argparse.Namespace) -> int:
    from hallmark.psychometrics.irt import Quadrature, calibrate, write_params
    from hallmark.psychometrics.irt._params import read_params_with_rows

    _check_options(args)
    size = os.path.getsize(args.scored) if os.path.exists(args.scored) else 0
    with progress_bar(size, "reading", long_work=size > LONG_WORK_BYTES) as bar:
        table = read_scored(args.scored, args.freq, progress=bar.update)
    anchors = None
    if args.anchors:
        anchors, rows = read_params_with_rows(args.anchors, args.scale)
        columns = set(table.items)
        for name, row in zip(anchors.items, rows, strict=True):
            if name not in columns:
                raise InputFileError(
                    args.anchors, f"item {name!r} is not a column of {args.scored}", row, "item"
                )
    cells = table.scores.size
    with progress_bar(
        args.max_iter, "calibrating", "cycle", long_work=cells > LONG_WORK_CELLS
    ) as bar:
        try:
            result = calibrate(
                table.scores,
                args.model,
                items=table.items,
                weights=table.weights,
                anchors=anchors,
                quadrature=Quadrature(points=args.quadpts),
                tol=args.tol,
                max_iter=args.max_iter,
                scale=args.scale,
                callback=lambda i, ll, change: bar.update(1),
            )
        except ValueError as error:
            where = args.anchors if args.anchors and "anchors" in str(error) else args.scored
            raise VerbError(f"{where}: {error}") from None
    if args.out:
        write_params(result, args.out)
    if args.json:
        write_json(result.to_dict())
    else:
        _print_table(result)
    return 0


def _print_table(result: Calibration) -> None:
    out = sys.stdout
    print(
        f"model {result.model}, D = {result.scale:g}, {result.n_candidates:g} candidates, "
        f"{len(result.items)} items",
        file=out,
    )
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(["item", "a", "b", "c", "d", "se_a", "se_b", "se_c", "se_d", "anchor"])
    for it in result.items:
        values = [it.a, it.b, it.c, it.d, it.se_a, it.se_b, it.se_c, it.se_d]
        writer.writerow([it.item, *(f"{v:.4f}" if v == v else "" for v in values), int(it.anchor)])
    print(
        f"loglik {result.loglik:.4f}  AIC {result.aic:.4f}  BIC {result.bic:.4f}  "
        f"parameters {result.n_parameters}",
        file=out,
    )
    print(
        f"latent mean {result.latent_mean:.4f}  sd {result.latent_sd:.4f}  "
        f"EM cycles {result.iterations}  converged {'yes' if result.converged else 'no'}",
        file=out,
    )
