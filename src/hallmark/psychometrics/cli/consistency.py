"""``hallmark consistency``: decision consistency and accuracy at one or several cuts."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hallmark.psychometrics.cli._common import VerbError, make_parser, parse_and_run, write_json
from hallmark.psychometrics.io import InputFileError

if TYPE_CHECKING:
    from hallmark.psychometrics.consistency import ConsistencyResult

__all__ = ["main"]

DESCRIPTION = """\
Estimate how accurate and how consistent pass/fail decisions are (several cuts make several
categories), from one administration.

SCORES.csv for livingston-lewis and hanson-brennan: one row per examinee with a column `total`,
or a frequency table with columns `score,count`; scores are whole numbers 0..--items.
For subkoviak, which needs item responses, SCORES.csv is a scored item file instead: an id
column first, then one column per item scored 0, 1 or blank (wrong), as `hallmark analyze`
reads it; its KR-20 is the reliability unless --reliability is given.
A candidate passes at a score >= the cut."""

EPILOG = """\
methods:
  livingston-lewis  beta true-score model on the effective test length that the reliability
                    implies (--reliability; default KR-21 from the score distribution)
  hanson-brennan    beta-binomial model on the test's own --items items
  subkoviak         single-administration consistency (no accuracy) from item responses
The true-score beta has four parameters fitted to four moments; when a bound falls outside
[0, 1] it is fixed there and three moments are fitted (as BB-CLASS does), and only then two;
`true_score.fit` says which. Figures are proportions of all examinees: accuracy,
consistency, chance consistency, Cohen's kappa, false positives (observed above true),
false negatives (below), overall and for each cut alone (by_cut). See docs/consistency.md."""

METHODS = ("livingston-lewis", "hanson-brennan", "subkoviak")


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("scores", metavar="SCORES.csv", help="scores (or scored items)")
    parser.add_argument("--items", type=int, required=True, metavar="N", help="test length")
    parser.add_argument(
        "--cut", type=float, action="append", required=True, metavar="C", help="raw cut (repeat)"
    )
    parser.add_argument("--method", choices=METHODS, required=True)
    parser.add_argument("--reliability", type=float, metavar="R", help="the score reliability")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark consistency") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    if args.items < 2:
        raise VerbError(f"--items must be at least 2, got {args.items}")
    for cut in args.cut:
        if not (math.isfinite(cut) and 0 < cut <= args.items):
            raise VerbError(f"--cut must lie in (0, {args.items}], got {cut:g}")
    if args.reliability is not None and not (0 < args.reliability < 1):
        raise VerbError(f"--reliability must lie between 0 and 1, got {args.reliability:g}")
    if args.method == "hanson-brennan" and args.reliability is not None:
        raise VerbError("--method hanson-brennan takes no --reliability (its model implies one)")
    try:
        result = _estimate(args)
    except InputFileError:
        raise
    except ValueError as error:
        raise VerbError(f"{args.scores}: {error}") from None
    if args.json:
        write_json(result.to_dict())
    else:
        _print(result.to_dict())
    return 0


def _estimate(args: argparse.Namespace) -> ConsistencyResult:
    from hallmark.psychometrics import consistency

    if args.method == "subkoviak":
        return _subkoviak(args)
    from hallmark.psychometrics.equating import read_score_file

    counts = read_score_file(args.scores, max_score=args.items).counts
    if args.method == "hanson-brennan":
        return consistency.hanson_brennan(counts, args.items, args.cut)
    return consistency.livingston_lewis(counts, args.items, args.cut, args.reliability)


def _subkoviak(args: argparse.Namespace) -> ConsistencyResult:
    import numpy as np

    from hallmark.psychometrics import consistency, read_scored, reliability

    table = read_scored(args.scores)
    if len(table.items) != args.items:
        raise InputFileError(
            args.scores, f"{len(table.items)} item columns, but --items is {args.items}", 1
        )
    scores = np.nan_to_num(table.scores)
    totals = scores.sum(axis=1).astype(np.intp)
    counts = np.bincount(totals, weights=table.weights, minlength=args.items + 1)
    if args.reliability is None:
        r, source = reliability(scores, weights=table.weights, items=table.items).alpha, "kr20"
    else:
        r, source = args.reliability, "given"
    return consistency.subkoviak(counts, args.items, args.cut, r, reliability_source=source)


def _print(doc: dict[str, Any]) -> None:
    out = sys.stdout
    fit = doc["true_score"]
    out.write(
        f"# {doc['method']}: {doc['n_candidates']:g} examinees, {doc['n_items']} items, "
        f"reliability {_num(doc['reliability'])} ({doc['reliability_source']})"
    )
    if doc["effective_length"] is not None:
        out.write(f", effective test length {doc['effective_length']}")
    if fit is not None:
        out.write(
            f"\n# true scores: beta on [{fit['lower']:.4f}, {fit['upper']:.4f}] ({fit['fit']} fit)"
        )
    out.write("\ncut,accuracy,consistency,chance,kappa,false_positive,false_negative\n")
    fields = ("accuracy", "consistency", "chance", "kappa", "false_positive", "false_negative")
    rows = [("all", doc)] if len(doc["cuts"]) > 1 else []
    rows += [(f"{c['cut']:g}", c) for c in doc["by_cut"]]
    for label, row in rows:
        out.write(label + "," + ",".join(_num(row[f]) for f in fields) + "\n")


def _num(value: float | None) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.4f}"
