"""``hallmark analyze``: classical item analysis and reliability of a response file."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from hallmark.psychometrics._ctt import ItemAnalysis, ItemStats, item_analysis
from hallmark.psychometrics._reliability import DomainReliability, Reliability, domain_reliability
from hallmark.psychometrics._scoring import (
    NOT_REACHED,
    OMITTED,
    KeyEntry,
    ScoringResult,
    response_set_credit,
    score_responses,
    scores_to_result,
)
from hallmark.psychometrics.cli._common import (
    LONG_WORK_BYTES,
    VerbError,
    make_parser,
    parse,
    progress_bar,
    run_verb,
    write_json,
)
from hallmark.psychometrics.io import (
    EncodedTable,
    read_domains,
    read_encoded,
    read_key,
    read_key_scoring,
)

__all__ = ["main"]

DESCRIPTION = """\
Classical item analysis of one form: per item N, p, corrected point-biserial, biserial and
flags, with a reliability summary (alpha/KR-20, KR-21, SEM, and Lord's CSEM at a cut).

RESPONSES.csv has a header row, an id column first, then one column per item: option labels
(A, B, ...) with --key, or 0/1 scores without it. A blank cell is an omit; "." or a
candidate's trailing blanks mean not reached (in 0/1 files a blank is no response)."""

EPILOG = """\
flags: p_low (p < .30), p_high (p > .95), r_low (corrected point-biserial < .10),
distractor_upper (a distractor chosen more by the upper 27% than the lower 27%),
miskey (a distractor correlates positively with the rest score, more than the key),
no_data (nobody reached the item). See docs/psychometrics.md."""


def main(argv: Sequence[str] | None = None, prog: str = "hallmark analyze") -> int:
    parser = make_parser(prog, DESCRIPTION, EPILOG)
    parser.add_argument("responses", metavar="RESPONSES.csv", help="the response file")
    parser.add_argument(
        "--key", metavar="KEY.csv", help="key file (columns item,key); responses are options"
    )
    parser.add_argument(
        "--freq", metavar="COLUMN", help="column of pattern frequencies (rows are weighted)"
    )
    parser.add_argument(
        "--cut", metavar="RAW", type=float, help="raw cut score: adds the CSEM at the cut"
    )
    parser.add_argument(
        "--domains",
        metavar="DOMAINS.csv",
        help="domain file (columns item,domain): adds each domain's reliability",
    )
    parser.add_argument(
        "--distractors", action="store_true", help="also print each item's option table"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    args = parse(parser, argv)
    if isinstance(args, int):
        return args
    return run_verb(_analyze, args)


def _analyze(args: argparse.Namespace) -> int:
    scored = _read(args)
    if args.cut is not None and not 0 <= args.cut <= len(scored.items):
        raise VerbError(
            f"--cut {args.cut:g} is outside 0..{len(scored.items)} (the scored items' raw scores)"
        )
    domains = read_domains(args.domains, scored.items + scored.dropped) if args.domains else None
    with progress_bar(
        2 * scored.n_candidates, "analysing", "rows", long_work=scored.codes.size > LONG_WORK_BYTES
    ) as bar:
        analysis = item_analysis(scored, cut=args.cut, progress=bar.update)
    by_domain = domain_reliability(scored, domains) if domains else None
    if args.json:
        write_json(_document(args, analysis, by_domain))
    else:
        _print_report(args, analysis, by_domain)
    return 0


def _read(args: argparse.Namespace) -> ScoringResult:
    size = os.path.getsize(args.responses) if os.path.exists(args.responses) else 0
    with progress_bar(size, "reading", long_work=size > LONG_WORK_BYTES) as bar:
        table: EncodedTable = read_encoded(
            args.responses, args.freq, scored=args.key is None, progress=bar.update
        )
    if args.key is None:
        return scores_to_result(table)
    key = read_key(args.key, table.items)
    if not any(key.values()):
        raise VerbError(f"{args.key}: every item is dropped (*); nothing to analyse")
    entries: dict[str, KeyEntry] = dict(key)
    for item, how in read_key_scoring(args.key).items():
        if key[item]:
            entries[item] = response_set_credit(
                key[item], _labels(table, item), partial=how == "partial"
            )
    return score_responses(table, entries)


def _labels(table: EncodedTable, item: str) -> list[str]:
    """The responses given to one item (its column's distinct option labels)."""
    codes = np.unique(table.encoded.codes[:, table.items.index(item)])
    return [table.encoded.options[c - 1] for c in codes.tolist() if OMITTED < c < NOT_REACHED]


# ---------------------------------------------------------------------------------------------
# output


def _document(
    args: argparse.Namespace, analysis: ItemAnalysis, by_domain: DomainReliability | None
) -> dict[str, Any]:
    return {
        "responses": args.responses,
        "key": args.key,
        "freq": args.freq,
        "analysis": analysis.to_dict(),
        "domains": None if by_domain is None else by_domain.to_dict(),
    }


def _print_report(
    args: argparse.Namespace, analysis: ItemAnalysis, by_domain: DomainReliability | None
) -> None:
    out = sys.stdout
    scoring = f"key {args.key}" if args.key else "scored 0/1"
    out.write(
        f"Item analysis of {args.responses} ({scoring}): {_count(analysis.n_candidates)} "
        f"candidates, {len(analysis.items)} items\n"
    )
    if analysis.dropped:
        out.write(f"Dropped from scoring: {', '.join(analysis.dropped)}\n")
    out.write("\n")
    _print_table(
        ["item", "N", "p", "r_pbis", "biserial", "flags"],
        [
            [s.item, _count(s.n), _f(s.p), _f(s.r_pbis), _f(s.biserial), " ".join(s.flag_codes)]
            for s in analysis.items
        ],
        right={1, 2, 3, 4},
    )
    out.write("(r_pbis: corrected point-biserial, item against the rest of the raw score)\n\n")
    _print_reliability(analysis.reliability)
    if by_domain is not None:
        _print_domains(by_domain)
    flagged = analysis.flagged()
    if flagged:
        out.write(f"\nFlagged items ({len(flagged)})\n")
        for s in flagged:
            for flag in s.flags:
                out.write(f"  {s.item}: {flag.code}: {flag.text}\n")
    if args.distractors and analysis.option_data:
        for s in analysis.items:
            _print_options(s)


def _print_reliability(r: Reliability) -> None:
    out = sys.stdout
    worth = f" ({r.max_points} points)" if r.max_points else ""
    out.write(f"Reliability of the raw score on {r.n_items} items{worth}\n")
    lines = [
        ("alpha (KR-20)", _f(r.alpha)),
        ("KR-21", _f(r.kr21)),
        ("SEM", _f(r.sem)),
        ("mean", _f(r.mean, 2)),
        ("SD", _f(r.sd, 2)),
    ]
    if r.cut is not None and r.csem_at_cut is not None:
        lines.append((f"CSEM at cut {r.cut:g} (Lord)", _f(r.csem_at_cut)))
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        out.write(f"  {name:<{width}}  {value}\n")


def _print_domains(by_domain: DomainReliability) -> None:
    sys.stdout.write("\nDomains\n")
    _print_table(
        ["domain", "items", "mean", "SD", "alpha", "KR-21", "SEM"],
        [
            [name, str(r.n_items), _f(r.mean, 2), _f(r.sd, 2), _f(r.alpha), _f(r.kr21), _f(r.sem)]
            for name, r in by_domain.domains.items()
        ],
        right={1, 2, 3, 4, 5, 6},
        indent="  ",
    )
    if by_domain.unassigned:
        sys.stdout.write(f"  in no domain: {', '.join(by_domain.unassigned)}\n")


def _print_options(s: ItemStats) -> None:
    sys.stdout.write(f"\n{s.item} (key {'|'.join(s.keys)}, omitted {_f(s.omitted)})\n")
    _print_table(
        ["option", "key", "share", "upper", "lower", "r_rest"],
        [
            [o.option, "*" if o.key else "", _f(o.share), _f(o.upper), _f(o.lower), _f(o.r_rest)]
            for o in s.options
        ],
        right={2, 3, 4, 5},
        indent="  ",
    )


def _print_table(
    header: list[str], rows: list[list[str]], right: set[int], indent: str = ""
) -> None:
    widths = [max(len(str(r[c])) for r in [header, *rows]) for c in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            f"{cell:>{widths[c]}}" if c in right else f"{cell:<{widths[c]}}"
            for c, cell in enumerate(cells)
        ]
        return (indent + "  ".join(parts)).rstrip() + "\n"

    sys.stdout.write(line(header))
    for row in rows:
        sys.stdout.write(line(row))


def _f(value: float, digits: int = 3) -> str:
    return "-" if value != value else f"{value:.{digits}f}"  # NaN prints as "-"


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
