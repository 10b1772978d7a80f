"""``hallmark equate``: put form X scores on the scale of form Y."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hallmark.psychometrics.cli._common import VerbError, make_parser, parse_and_run, write_json

if TYPE_CHECKING:
    from hallmark.psychometrics.equating import EquatingResult

__all__ = ["main"]

DESCRIPTION = """\
Equate form X to form Y and print the conversion table (score, equated score, standard error).

Score files (CSV): one row per examinee with a column `total` (and `anchor` for --design neat),
or a frequency table with columns `score,count` (`total,anchor,count` for neat). Scores are
whole numbers from 0; the range is 0 to the largest score in the file unless --x-max / --y-max
say otherwise."""

EPILOG = """\
designs and methods:
  random-groups  mean, linear, equipercentile      (--x X.csv --y Y.csv)
  neat           tucker, levine-observed, levine-true, chained-linear, braun-holland,
                 frequency-estimation, chained-equipercentile
                 (--x X.csv --y Y.csv with columns total,anchor; --anchor-type; --w1)
  irt            true-score, observed-score          (--x-params P.csv --y-params Q.csv, as
                 written by `hallmark calibrate --out`, on one scale; observed-score equating
                 uses a N(--theta-mean, --theta-sd^2) population)
presmoothing: --smooth loglinear keeps --degree moments (4) of each distribution; for neat
also the cross moments up to --interaction (2), as R equate's degrees = list(4, 2).
standard errors: analytic without smoothing for random groups (Lord; normal theory) and the
NEAT linear methods (delta method); bootstrap with --bootstrap N --seed S for every
observed-score method, and for irt a parametric bootstrap that redraws the item parameters
from the se_a, se_d (or se_b) and se_c columns of both parameter files.
See docs/equating.md."""

# The library's RANDOM_GROUPS_METHODS, NEAT_METHODS and IRT_METHODS, named here so that
# `--help` does not import scipy.
METHODS = {
    "random-groups": ("mean", "linear", "equipercentile"),
    "neat": (
        "tucker",
        "levine-observed",
        "levine-true",
        "chained-linear",
        "braun-holland",
        "frequency-estimation",
        "chained-equipercentile",
    ),
    "irt": ("true-score", "observed-score"),
}


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("--design", choices=tuple(METHODS), required=True)
    parser.add_argument("--method", required=True, help="see the list below")
    parser.add_argument("--x", metavar="X.csv", help="form X scores")
    parser.add_argument("--y", metavar="Y.csv", help="form Y scores")
    parser.add_argument("--x-params", metavar="P.csv", help="form X item parameters (irt)")
    parser.add_argument("--y-params", metavar="Q.csv", help="form Y item parameters (irt)")
    parser.add_argument(
        "--scale", type=float, default=1.0, choices=(1.0, 1.702), help="D of the parameters (1)"
    )
    parser.add_argument("--theta-mean", type=float, default=0.0, metavar="X", help="(0)")
    parser.add_argument("--theta-sd", type=float, default=1.0, metavar="X", help="(1)")
    parser.add_argument("--x-max", type=int, metavar="K", help="largest possible X score")
    parser.add_argument("--y-max", type=int, metavar="K", help="largest possible Y score")
    parser.add_argument("--anchor-max", type=int, metavar="K", help="largest anchor score")
    parser.add_argument("--anchor-type", choices=("internal", "external"), default="internal")
    parser.add_argument("--w1", type=float, metavar="W", help="synthetic weight of X's group")
    parser.add_argument("--smooth", choices=("loglinear",), help="presmoothing")
    parser.add_argument("--degree", type=int, metavar="C", help="log-linear moments kept (4)")
    parser.add_argument("--interaction", type=int, metavar="C", help="(2)")
    parser.add_argument("--postsmooth", type=float, metavar="S", help="cubic-spline parameter")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N", help="replications")
    parser.add_argument("--seed", type=int, metavar="S", help="bootstrap seed")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark equate") -> int:
    return parse_and_run(build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    if args.method not in METHODS[args.design]:
        raise VerbError(
            f"--method for --design {args.design} must be one of "
            f"{', '.join(METHODS[args.design])}, got {args.method!r}"
        )
    for flag in ("x_max", "y_max", "anchor_max"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise VerbError(f"--{flag.replace('_', '-')} must be at least 1, got {value}")
    if args.bootstrap and args.bootstrap < 2:
        raise VerbError(f"--bootstrap must be at least 2, got {args.bootstrap}")
    degree = _degree(args)
    try:
        result = _equate(args, degree)
    except ValueError as error:
        raise VerbError(_name_files(args, str(error))) from None
    if args.json:
        write_json(result.to_dict())
    else:
        _print_table(result)
    return 0


def _name_files(args: argparse.Namespace, message: str) -> str:
    """The library names the forms x and y; the verb names their files."""
    for form in ("x", "y"):
        path = getattr(args, form) if args.design != "irt" else getattr(args, f"{form}_params")
        if message.startswith(f"{form}: ") and path:
            return f"{path}: {message[3:]}"
    return message


def _degree(args: argparse.Namespace) -> int | None:
    if args.smooth is None:
        for flag in ("degree", "interaction"):
            if getattr(args, flag) is not None:
                raise VerbError(f"--{flag} needs --smooth loglinear")
        return None
    degree = 4 if args.degree is None else args.degree
    if degree < 1:
        raise VerbError(f"--degree must be at least 1, got {degree}")
    return int(degree)


def _needs(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if getattr(args, name) is None:
            raise VerbError(f"--design {args.design} needs --{name.replace('_', '-')}")


def _equate(args: argparse.Namespace, degree: int | None) -> EquatingResult:
    if args.design == "neat":
        return _neat(args, degree)
    if args.design == "irt":
        return _irt(args)
    _needs(args, "x", "y")
    from hallmark.psychometrics.equating import equate_random_groups, read_score_file

    x = read_score_file(args.x, max_score=args.x_max)
    y = read_score_file(args.y, max_score=args.y_max)
    return equate_random_groups(
        x.counts,
        y.counts,
        args.method,
        degree=degree,
        postsmooth=args.postsmooth,
        bootstrap=args.bootstrap,
        seed=args.seed,
    )


def _neat(args: argparse.Namespace, degree: int | None) -> EquatingResult:
    _needs(args, "x", "y")
    if args.postsmooth is not None:
        raise VerbError("--postsmooth applies to --design random-groups")
    internal = args.anchor_type == "internal"
    from hallmark.psychometrics.equating import equate_neat, read_score_file

    x, y = (
        read_score_file(
            path, anchor=True, max_score=top, anchor_max=args.anchor_max, internal_anchor=internal
        )
        for path, top in ((args.x, args.x_max), (args.y, args.y_max))
    )
    return equate_neat(
        x.counts,
        y.counts,
        args.method,
        anchor_type=args.anchor_type,
        w1=args.w1,
        degree=degree,
        interaction=2 if args.interaction is None else args.interaction,
        bootstrap=args.bootstrap,
        seed=args.seed,
    )


def _irt(args: argparse.Namespace) -> EquatingResult:
    _needs(args, "x_params", "y_params")
    if args.smooth or args.postsmooth is not None:
        raise VerbError("--design irt takes no --smooth or --postsmooth")
    from hallmark.psychometrics.equating import equate_irt
    from hallmark.psychometrics.irt import read_param_errors, read_params

    x = read_params(args.x_params, args.scale)
    y = read_params(args.y_params, args.scale)
    paths = (args.x_params, args.y_params)
    errors = [read_param_errors(path) for path in paths] if args.bootstrap else [None, None]
    if args.bootstrap:
        for path, found in zip(paths, errors, strict=True):
            if found is None:
                raise VerbError(
                    f"{path}: --bootstrap needs standard errors, but the file has no se_a, "
                    "se_d/se_b columns (write it with `hallmark calibrate --out`)"
                )
    return equate_irt(
        x,
        y,
        args.method,
        theta_mean=args.theta_mean,
        theta_sd=args.theta_sd,
        bootstrap=args.bootstrap,
        seed=args.seed,
        x_errors=errors[0],
        y_errors=errors[1],
    )


def _print_table(result: EquatingResult) -> None:
    out = sys.stdout
    out.write(f"# {result.design} {result.method}")
    if result.slope is not None and result.intercept is not None:
        out.write(f": equated = {result.slope:.4f} x {result.intercept:+.4f}")
    if result.synthetic_weight is not None:
        out.write(f" (w1 = {result.synthetic_weight:.4f})")
    out.write("\nscore,equated,se\n")
    se = result.se if result.se is not None else [None] * len(result.scores)
    for s, e, v in zip(result.scores, result.equated, se, strict=True):
        out.write(f"{s:g},{e:.4f},{'' if v is None else f'{v:.4f}'}\n")
    m = result.moments["equated"]
    out.write(
        f"# equated scores: mean {m['mean']:.4f} sd {m['sd']:.4f} "
        f"skew {m['skew']:.4f} kurt {m['kurt']:.4f}\n"
    )
