"""The files of `hallmark standard-setting`: bookmark placements and judged candidates.

Rows are numbered as a spreadsheet shows them (the header is row 1); every problem names the
file, the row and the column.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from hallmark.psychometrics.io import InputFileError, csv_records, read_text

__all__ = ["JUDGEMENTS", "Judged", "read_judgements", "read_placements"]

PathLike = str | os.PathLike[str]

# the judges' calls, as written in the file, and the group each one names
JUDGEMENTS = {
    "qualified": "qualified",
    "not qualified": "not_qualified",
    "not_qualified": "not_qualified",
    "borderline": "borderline",
}


Rows = list[tuple[int, list[str]]]


def _table(path: PathLike, needed: tuple[str, ...]) -> tuple[dict[str, int], Rows]:
    """The header's column positions and the non-blank rows with their spreadsheet numbers."""
    text = read_text(path)
    records = csv_records(path, text)
    if not records or not any(c.strip() for c in records[0]):
        raise InputFileError(path, "file is empty")
    header = [c.strip().lower() for c in records[0]]
    if "score" in needed and "total" in header:
        needed = tuple("total" if n == "score" else n for n in needed)
    for name in needed:
        if name not in header:
            said = "'total' (or 'score')" if name == "score" else repr(name)
            raise InputFileError(
                path, f"no column {said} in the header (columns: {', '.join(header)})", 1
            )
    rows: Rows = []
    for row, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(header):
            raise InputFileError(path, f"{len(record)} values, expected {len(header)}", row)
        rows.append((row, [c.strip() for c in record]))
    if not rows:
        raise InputFileError(path, "no rows below the header")
    return {name: i for i, name in enumerate(header)}, rows


def _whole(
    path: PathLike, text: str, row: int, column: str, low: int, high: int | None, hint: str = ""
) -> int:
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, f"value {text!r} is not a number", row, column) from None
    top = " or more" if high is None else f" to {high}"
    if not (math.isfinite(value) and value == int(value) and value >= low) or (
        high is not None and value > high
    ):
        raise InputFileError(
            path, f"value {text!r} is not a whole number from {low}{top}{hint}", row, column
        )
    return int(value)


def read_placements(
    path: PathLike, first_page: int, last_page: int
) -> tuple[list[str], list[list[int]]]:
    """Panelists and their pages, (rounds, panelists), from columns panelist, page[, round].

    Every panelist places one bookmark in every round, and the rounds run 1, 2, ...
    """
    col, rows = _table(path, ("panelist", "page"))
    hint = " (the cut is the page before the bookmark)" if first_page == 2 else ""
    pages: dict[int, dict[str, int]] = {}
    for row, cells in rows:
        who = cells[col["panelist"]]
        if not who:
            raise InputFileError(path, "value is blank", row, "panelist")
        r = _whole(path, cells[col["round"]], row, "round", 1, None) if "round" in col else 1
        page = _whole(path, cells[col["page"]], row, "page", first_page, last_page, hint)
        if who in pages.setdefault(r, {}):
            raise InputFileError(path, f"panelist {who!r} has two pages in round {r}", row)
        pages[r][who] = page
    panelists = list(pages[min(pages)])
    if sorted(pages) != list(range(1, len(pages) + 1)):
        raise InputFileError(path, f"rounds must run 1, 2, ...; found {sorted(pages)}", None)
    for r, placed in sorted(pages.items()):
        if set(placed) != set(panelists):
            missing = sorted(set(panelists) ^ set(placed))
            raise InputFileError(path, f"round {r}: panelists differ from round 1 ({missing})")
    if len(panelists) < 2:
        raise InputFileError(path, f"{len(panelists)} panelist; a panel needs at least two")
    return panelists, [[pages[r][p] for p in panelists] for r in sorted(pages)]


@dataclass(frozen=True)
class Judged:
    """Raw scores of the candidates in each judged group."""

    qualified: list[float]
    not_qualified: list[float]
    borderline: list[float]


def read_judgements(path: PathLike) -> Judged:
    """Columns total (or score) and judgement: qualified, not qualified or borderline."""
    col, rows = _table(path, ("score", "judgement"))  # a column total stands for score
    score = "total" if "total" in col else "score"
    groups: dict[str, list[float]] = {"qualified": [], "not_qualified": [], "borderline": []}
    for row, cells in rows:
        call = " ".join(cells[col["judgement"]].lower().split())
        if call not in JUDGEMENTS:
            raise InputFileError(
                path,
                f"judgement {cells[col['judgement']]!r} is not one of qualified, "
                "not qualified, borderline",
                row,
                "judgement",
            )
        groups[JUDGEMENTS[call]].append(_whole(path, cells[col[score]], row, score, 0, None))
    return Judged(**groups)
