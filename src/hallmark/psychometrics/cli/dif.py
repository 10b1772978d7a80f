"""``hallmark dif``: differential item functioning between a focal and a reference group."""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hallmark.psychometrics.cli._common import VerbError, make_parser, parse_and_run, write_json

if TYPE_CHECKING:
    from hallmark.psychometrics.dif import DifResult

__all__ = ["main"]

DESCRIPTION = """\
Test every item for differential item functioning (DIF) between a focal and a reference group.

SCORED.csv (CSV, header row): one row per candidate; the --group column holds each candidate's
group, --id names an id column and --exclude columns to skip (an ability score, ...). Every
other column is an item scored 0, 1 or blank (no response: wrong in the matching score, left
out of that item's statistics). Candidates with a blank group are excluded and counted.
Candidates are matched on the number right (the studied item included)."""

EPILOG = """\
methods:
  mh               Mantel-Haenszel chi-square (continuity-corrected), common odds ratio
                   alpha_mh, delta_mh = -2.35 ln alpha_mh with its SE, ETS classes: ets_class
                   by |delta| (A < 1 <= B < 1.5 <= C, as difR), ets_class_sig by the ETS rule
                   that also asks for significance
  logistic         likelihood-ratio tests of uniform and non-uniform DIF (2 df), Nagelkerke
                   delta R^2 with Zumbo-Thomas and Jodoin-Gierl classes
  standardization  STD P-DIF (focal minus reference proportion right, weighted by the focal
                   group at each score); |STD P-DIF| >= 0.1 is flagged
--purify drops the flagged items from the matching score and tests again until the flagged set
repeats (at most --max-iterations steps; 1 is two-step purification). Groups smaller than
--min-group get a warning. See docs/dif.md."""

METHODS = ("mh", "logistic", "standardization")


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("scored", metavar="SCORED.csv", help="0/1 scores and a group column")
    parser.add_argument("--group", required=True, metavar="COLUMN", help="the group column")
    parser.add_argument("--focal", required=True, metavar="VALUE", help="the focal group")
    parser.add_argument(
        "--reference", metavar="VALUE", help="the reference group (default: every other value)"
    )
    parser.add_argument("--id", metavar="COLUMN", help="an id column (ids must be unique)")
    parser.add_argument(
        "--exclude", nargs="+", action="extend", default=[], metavar="COLUMN", help="not items"
    )
    parser.add_argument("--method", choices=METHODS, required=True)
    parser.add_argument("--purify", action="store_true", help="purify the matching score")
    parser.add_argument("--max-iterations", type=int, default=10, metavar="N", help="(10)")
    parser.add_argument("--alpha", type=float, default=0.05, help="significance level (0.05)")
    parser.add_argument("--min-group", type=float, default=100, metavar="N", help="(100)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark dif") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    from hallmark.psychometrics.dif import dif_analysis
    from hallmark.psychometrics.dif._io import read_dif_file

    if not (math.isfinite(args.alpha) and 0 < args.alpha < 1):
        raise VerbError(f"--alpha must lie between 0 and 1, got {args.alpha}")
    if args.max_iterations < 1:
        raise VerbError(f"--max-iterations must be at least 1, got {args.max_iterations}")
    if args.reference is not None and args.reference == args.focal:
        raise VerbError("--reference and --focal name the same group")
    table = read_dif_file(args.scored, args.group, id_column=args.id, exclude=args.exclude)
    try:
        result = dif_analysis(
            table.scores,
            table.group,
            args.focal,
            args.reference,
            method=args.method,
            purify=args.purify,
            max_iterations=args.max_iterations,
            alpha=args.alpha,
            items=table.items,
            min_group=args.min_group,
        )
    except ValueError as error:
        raise VerbError(f"{args.scored}: {error}") from None
    if args.json:
        write_json(result.to_dict())
    else:
        _print(result)
    return 0


def _print(result: DifResult) -> None:
    out = sys.stdout
    doc = result.to_dict()
    g = doc["groups"]
    out.write(
        f"# {doc['method']} DIF: focal {g['focal']} ({g['n_focal']:g}) vs reference "
        f"{g['reference'] or 'all others'} ({g['n_reference']:g}); "
        f"{g['n_missing_group']} without a group excluded\n"
    )
    rows = result.items
    fields = [f.name for f in dataclasses.fields(rows[0])]
    out.write(",".join(fields) + "\n")
    for row in rows:
        out.write(",".join(_cell(getattr(row, f)) for f in fields) + "\n")
    p = doc["purification"]
    if p["purified"]:
        state = "settled" if p["converged"] else "did not settle"
        out.write(f"# purification {state} after {p['iterations']} iteration(s)\n")
    out.write(f"# flagged at alpha {doc['alpha']:g}: {', '.join(doc['flagged']) or 'none'}\n")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4f}"
    return str(value)
