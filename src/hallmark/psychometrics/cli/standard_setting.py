"""``hallmark standard-setting``: Bookmark, contrasting-groups and borderline-group cuts."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from typing import Any

from hallmark.psychometrics.cli._common import VerbError, make_parser, parse_and_run, write_json
from hallmark.psychometrics.io import InputFileError

__all__ = ["main"]

DESCRIPTION = """\
Set a cut score from a standard-setting panel's judgements.

  bookmark PARAMS.csv PLACEMENTS.csv
      PARAMS.csv: calibrated items (item, a, b or d, c), as `hallmark calibrate --out` writes.
      PLACEMENTS.csv: columns panelist, page and (optionally) round; the page is the first
      page of the ordered item booklet the minimally competent candidate would not answer
      correctly with probability --rp. Prints the booklet, each panelist's cut on theta, the
      panel's cut per round, and the raw cut on the form (its TCC at the theta cut).
  contrasting-groups JUDGED.csv
  borderline-group JUDGED.csv
      JUDGED.csv: one row per candidate with a raw score (column total, or score) and the
      judges' call (column judgement): qualified, not qualified or borderline.

A candidate passes at a raw score at or above the cut. See docs/standard-setting.md."""

CONVENTIONS = ("previous", "bookmarked", "midpoint")
CONTRASTING = ("misclassification", "logistic", "midpoint")


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION)
    sub = parser.add_subparsers(dest="procedure", required=True, metavar="PROCEDURE")
    bm = sub.add_parser("bookmark", help="Bookmark (ordered item booklet)")
    bm.add_argument("params", metavar="PARAMS.csv")
    bm.add_argument("placements", metavar="PLACEMENTS.csv")
    bm.add_argument("--rp", type=float, default=0.67, help="response probability (0.67)")
    bm.add_argument("--scale", type=float, default=1.0, choices=(1.0, 1.702), help="D (1)")
    bm.add_argument(
        "--convention",
        choices=CONVENTIONS,
        default="previous",
        help="a panelist's cut: the page before the bookmark (previous, Mitzel et al. 2001), "
        "the bookmarked page, or their midpoint",
    )
    bm.add_argument("--aggregate", choices=("median", "mean"), default="median")
    bm.add_argument("--form", metavar="FORM.csv", help="item parameters of the form to cut")
    bm.add_argument("--scores", metavar="SCORES.csv", help="raw scores for the impact")
    cg = sub.add_parser("contrasting-groups", help="contrasting groups")
    cg.add_argument("judged", metavar="JUDGED.csv")
    cg.add_argument("--method", dest="cg_method", choices=CONTRASTING, default="misclassification")
    cg.add_argument("--false-pass-weight", type=float, default=1.0, metavar="W")
    cg.add_argument("--false-fail-weight", type=float, default=1.0, metavar="W")
    bg = sub.add_parser("borderline-group", help="borderline group")
    bg.add_argument("judged", metavar="JUDGED.csv")
    bg.add_argument("--statistic", choices=("median", "mean"), default="median")
    for p in (bm, cg, bg):
        p.add_argument("--json", action="store_true", help="print one JSON document instead")
        p.set_defaults(prog=f"{prog} {p.prog.rsplit(' ', 1)[-1]}")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark standard-setting") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    work = {"bookmark": _bookmark, "contrasting-groups": _contrasting, "borderline-group": _border}
    try:
        doc = work[args.procedure](args)
    except InputFileError:
        raise
    except ValueError as error:
        raise VerbError(str(error)) from None
    if args.json:
        write_json(doc)
    else:
        _print(doc)
    return 0


def _bookmark(args: argparse.Namespace) -> dict[str, Any]:
    from hallmark.psychometrics import bookmark, ordered_item_booklet
    from hallmark.psychometrics.cli._standard_setting_files import read_placements
    from hallmark.psychometrics.irt import read_params

    if not (math.isfinite(args.rp) and 0 < args.rp < 1):
        raise VerbError(f"--rp must lie between 0 and 1, got {args.rp:g}")
    params = read_params(args.params, args.scale)
    try:
        oib = ordered_item_booklet(
            params.items, params.a, params.d, params.c, scale=args.scale, rp=args.rp
        )
    except ValueError as error:
        raise VerbError(f"{args.params}: {error}") from None
    first = 1 if args.convention == "bookmarked" else 2
    if oib.n_pages < first:
        raise VerbError(f"{args.params}: a booklet needs at least {first} items")
    panelists, pages = read_placements(args.placements, first, oib.n_pages)
    result = bookmark(oib, pages, convention=args.convention, aggregate=args.aggregate)
    form = read_params(args.form, args.scale) if args.form else params
    try:
        expected = result.expected_score(form.a, form.d, form.c, args.scale)
    except ValueError as error:
        raise VerbError(f"{args.form}: {error}") from None
    doc: dict[str, Any] = {
        "procedure": "bookmark",
        "rp": oib.rp,
        "scale": oib.scale,
        "convention": result.convention,
        "aggregate": result.aggregate,
        "booklet": [
            {"page": i + 1, "item": name, "location": float(loc)}
            for i, (name, loc) in enumerate(zip(oib.items, oib.locations, strict=True))
        ],
        "rounds": [
            {
                "round": r.round,
                "cut": r.cut,
                "sd": r.sd,
                "se": r.se,
                "panelists": [
                    {"panelist": who, "page": int(page), "theta": float(theta)}
                    for who, page, theta in zip(panelists, r.pages, r.thetas, strict=True)
                ],
            }
            for r in result.rounds
        ],
        "theta_cut": result.theta_cut,
        "se": result.se,
        "sd": result.sd,
        "form_items": len(form.items),
        "expected_score": expected,
        "raw_cut": math.ceil(expected - 1e-9),
    }
    if args.scores:
        doc["pass_rate"] = _pass_rate(args.scores, len(form.items), doc["raw_cut"])
    return doc


def _pass_rate(path: str, n_items: int, raw_cut: int) -> float:
    from hallmark.psychometrics.equating import read_score_file

    counts = read_score_file(path, max_score=n_items).counts
    return float(counts[raw_cut:].sum() / counts.sum())


def _contrasting(args: argparse.Namespace) -> dict[str, Any]:
    from hallmark.psychometrics import contrasting_groups
    from hallmark.psychometrics.cli._standard_setting_files import read_judgements

    judged = read_judgements(args.judged)
    try:
        result = contrasting_groups(
            judged.qualified,
            judged.not_qualified,
            args.cg_method,
            false_pass_weight=args.false_pass_weight,
            false_fail_weight=args.false_fail_weight,
        )
    except ValueError as error:
        raise VerbError(f"{args.judged}: {error}") from None
    return {"procedure": "contrasting-groups", **result.to_dict()}


def _border(args: argparse.Namespace) -> dict[str, Any]:
    from hallmark.psychometrics import borderline_group
    from hallmark.psychometrics.cli._standard_setting_files import read_judgements

    judged = read_judgements(args.judged)
    try:
        result = borderline_group(judged.borderline, args.statistic)
    except ValueError as error:
        raise VerbError(f"{args.judged}: {error}") from None
    return {"procedure": "borderline-group", **result.to_dict()}


def _print(doc: dict[str, Any]) -> None:
    from hallmark import csv_cells

    w = csv_cells.writer(sys.stdout, lineterminator="\n")
    if doc["procedure"] == "bookmark":
        _print_bookmark(doc, w)
        return
    for key, value in doc.items():
        if not isinstance(value, dict):
            w.writerow([key, *(_num(v) for v in (value if isinstance(value, list) else [value]))])
    if "table" in doc:
        t = doc["table"]
        w.writerows(
            [
                [],
                ["judgement", "pass", "fail"],
                ["qualified", _num(t["qualified_pass"]), _num(t["qualified_fail"])],
                ["not qualified", _num(t["not_qualified_pass"]), _num(t["not_qualified_fail"])],
                ["misclassified", _num(t["misclassified"])],
            ]
        )


def _print_bookmark(doc: dict[str, Any], w: Any) -> None:
    sys.stdout.write(
        f"# bookmark at RP {doc['rp']:g} (D = {doc['scale']:g}), convention {doc['convention']}, "
        f"panel {doc['aggregate']}\n"
    )
    w.writerow(["round", "panelist", "page", "theta"])
    for r in doc["rounds"]:
        for p in r["panelists"]:
            w.writerow([r["round"], p["panelist"], p["page"], _num(p["theta"])])
    w.writerows([[], ["round", "cut", "sd", "se"]])
    for r in doc["rounds"]:
        w.writerow([r["round"], _num(r["cut"]), _num(r["sd"]), _num(r["se"])])
    w.writerows(
        [
            [],
            ["theta_cut", _num(doc["theta_cut"])],
            ["se", _num(doc["se"])],
            ["form_items", doc["form_items"]],
            ["expected_score", _num(doc["expected_score"])],
            ["raw_cut", doc["raw_cut"]],
        ]
    )
    if "pass_rate" in doc:
        w.writerow(["pass_rate", _num(doc["pass_rate"])])


def _num(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4f}"
    return str(value)
