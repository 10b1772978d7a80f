"""Score files for equating: one row per examinee, or a frequency table.

A file is either one row per examinee with a column ``total`` (and ``anchor`` for a NEAT
design), or a frequency table with a column ``count`` beside ``score`` (or ``total``, and
``anchor`` for a NEAT design). Scores are whole numbers from 0; the range is 0 to the largest
score in the file unless a maximum is given. Every problem raises `InputFileError` naming
file, row and column.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics.io import InputFileError, read_text

__all__ = ["ScoreCounts", "read_score_file"]

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class ScoreCounts:
    """Frequencies of total scores (1-D, index = score) or of (total, anchor) pairs (2-D)."""

    counts: NDArray[np.float64]

    @property
    def n(self) -> float:
        return float(self.counts.sum())


def read_score_file(
    path: PathLike,
    *,
    anchor: bool = False,
    max_score: int | None = None,
    anchor_max: int | None = None,
    internal_anchor: bool = False,
) -> ScoreCounts:
    """Read a score file into counts over 0..max (and 0..anchor max with `anchor`).

    With `internal_anchor`, an anchor score above its total score is an error.
    """
    text = read_text(path)
    header = _header(path, text)
    score_col = "score" if "score" in header and "count" in header else "total"
    needed = [score_col] + (["anchor"] if anchor else []) + (["count"] if "count" in header else [])
    for name in needed:
        if name not in header:
            raise InputFileError(
                path, f"no column {name!r} in the header (columns: {', '.join(header)})", 1
            )
    idx = {name: header.index(name) for name in needed}
    limits = (max_score, anchor_max if anchor else None, internal_anchor)
    columns = _fast_columns(text, len(header), idx, score_col)
    if columns is None or not _valid(columns, *limits):
        # the row-by-row reader finds and names the first problem
        columns = _checked_columns(path, text, idx, score_col, *limits)
    t, v, counts = columns
    top = int(t.max()) if max_score is None else max_score
    if not anchor:
        out = np.bincount(t, weights=counts, minlength=top + 1).astype(np.float64)
    else:
        vtop = int(v.max()) if anchor_max is None else anchor_max
        out = np.zeros((top + 1, vtop + 1))
        np.add.at(out, (t, v), counts)
    if out.sum() <= 0:
        raise InputFileError(path, "all counts are zero")
    return ScoreCounts(out)


Columns = tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]


def _fast_columns(text: str, width: int, idx: dict[str, int], score_col: str) -> Columns | None:
    """Plain numeric files without quotes, spaces or blank fields, parsed by numpy at once."""
    body = text.split("\n", 1)[1] if "\n" in text else ""
    body = body.replace("\r", "")
    if any(c in body for c in '" \t'):
        return None
    rows = sum(1 for line in body.split("\n") if line)
    try:
        values = np.array(body.replace(",", " ").split(), dtype=np.float64)
    except ValueError:
        return None
    if rows == 0 or values.size != rows * width:
        return None
    table = values.reshape(rows, width)
    scores = table[:, idx[score_col]]
    anchors = table[:, idx["anchor"]] if "anchor" in idx else np.zeros(rows)
    counts = table[:, idx["count"]] if "count" in idx else np.ones(rows)
    if not all(np.all(np.isfinite(a) & (a == np.round(a))) for a in (scores, anchors)):
        return None
    return scores.astype(np.intp), anchors.astype(np.intp), counts


def _valid(columns: Columns, max_score: int | None, anchor_max: int | None, internal: bool) -> bool:
    t, v, counts = columns
    ok = bool(np.all(t >= 0) and np.all(v >= 0))
    ok = ok and bool(np.all(np.isfinite(counts) & (counts >= 0)))
    ok = ok and (max_score is None or bool(np.all(t <= max_score)))
    ok = ok and (anchor_max is None or bool(np.all(v <= anchor_max)))
    return ok and not (internal and bool(np.any(v > t)))


def _checked_columns(
    path: PathLike,
    text: str,
    idx: dict[str, int],
    score_col: str,
    max_score: int | None,
    anchor_max: int | None,
    internal: bool,
) -> Columns:
    totals, anchors, counts = [], [], []
    for row, record in _rows(path, text):
        total = _score(path, record[idx[score_col]], row, score_col, max_score)
        v = _score(path, record[idx["anchor"]], row, "anchor", anchor_max) if "anchor" in idx else 0
        if internal and v > total:
            raise InputFileError(
                path,
                f"anchor score {v} is above the total score {total} (internal anchor)",
                row,
                "anchor",
            )
        counts.append(_count(path, record[idx["count"]], row) if "count" in idx else 1.0)
        totals.append(total)
        anchors.append(v)
    if not totals:
        raise InputFileError(path, "no scores after the header", 1)
    return (
        np.array(totals, dtype=np.intp),
        np.array(anchors, dtype=np.intp),
        np.array(counts, dtype=np.float64),
    )


def _records(path: PathLike, text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise InputFileError(path, f"CSV syntax: {error}") from None


def _header(path: PathLike, text: str) -> list[str]:
    first = _records(path, text.split("\n", 1)[0])
    if not first or not any(c.strip() for c in first[0]):
        raise InputFileError(path, "file is empty")
    return [c.strip().lower() for c in first[0]]


def _rows(path: PathLike, text: str) -> list[tuple[int, list[str]]]:
    records = _records(path, text)
    width = len(records[0])
    rows = []
    for row, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) != width:
            raise InputFileError(
                path, f"{len(record)} values, expected {width} as in the header", row
            )
        rows.append((row, [c.strip() for c in record]))
    return rows


def _score(path: PathLike, text: str, row: int, column: str, top: int | None) -> int:
    if text == "":
        raise InputFileError(path, "score is blank", row, column)
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, f"score {text!r} is not a number", row, column) from None
    if not (math.isfinite(value) and value >= 0 and value == int(value)):
        raise InputFileError(path, f"score {text!r} is not a whole number >= 0", row, column)
    if top is not None and value > top:
        raise InputFileError(path, f"score {text} is above the maximum {top}", row, column)
    return int(value)


def _count(path: PathLike, text: str, row: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, f"count {text!r} is not a number", row, "count") from None
    if not (math.isfinite(value) and value >= 0):
        raise InputFileError(path, f"count {text!r} is not a number >= 0", row, "count")
    return value
