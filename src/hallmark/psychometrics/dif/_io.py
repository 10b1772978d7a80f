"""Reading a DIF file: 0/1 item columns beside a group column (and an id, and columns to skip).

Every problem raises `InputFileError` naming file, row (the header is row 1) and column.
"""

from __future__ import annotations

import csv
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics.io import InputFileError

__all__ = ["DifTable", "read_dif_file"]

PathLike = str | os.PathLike[str]
_BATCH = 20000


@dataclass(frozen=True)
class DifTable:
    """A DIF file as read: item names, scores (NaN for blank), group values and ids."""

    items: list[str]
    scores: NDArray[np.float64]
    group: list[str]
    ids: list[str] | None


def read_dif_file(
    path: PathLike, group: str, *, id_column: str | None = None, exclude: Sequence[str] = ()
) -> DifTable:
    """Read `path`; every column but `group`, `id_column` and `exclude` is a 0/1 item."""
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputFileError(path, error.strerror or str(error)) from None
    with handle:
        try:
            header = next(csv.reader(handle), [])
            fast = _fast_read(path, header, group, id_column, exclude)
            if fast is not None:
                return fast
            handle.seek(0)
            return _read(path, csv.reader(handle), group, id_column, exclude)
        except UnicodeDecodeError:
            raise InputFileError(path, "not UTF-8 text") from None
        except csv.Error as error:
            raise InputFileError(path, f"CSV syntax: {error}") from None


def _read(
    path: PathLike,
    records: Iterator[list[str]],
    group: str,
    id_column: str | None,
    exclude: Sequence[str],
) -> DifTable:
    header = [c.strip() for c in next(records, [])]
    if not any(header):
        raise InputFileError(path, "file is empty")
    named = [group] + ([id_column] if id_column else []) + list(exclude)
    for name in named:
        if name not in header:
            raise InputFileError(
                path, f"no column {name!r} in the header (columns: {', '.join(header)})", 1
            )
    item_columns = [i for i, name in enumerate(header) if name not in named]
    if not item_columns:
        raise InputFileError(path, "no item columns besides the group, id and excluded ones", 1)
    blocks = list(_blocks(path, records, header, item_columns, group, id_column))
    if not blocks:
        raise InputFileError(path, "no rows after the header", 1)
    ids = [i for b in blocks for i in b[2]] if id_column else None
    if ids is not None:
        _check_ids(path, ids, id_column or "", [r for b in blocks for r in b[3]])
    return DifTable(
        [header[i] for i in item_columns],
        np.concatenate([b[0] for b in blocks]),
        [v for b in blocks for v in b[1]],
        ids,
    )


def _fast_read(
    path: PathLike,
    header: list[str],
    group: str,
    id_column: str | None,
    exclude: Sequence[str],
) -> DifTable | None:
    """Plain files (no quotes, no blank or bad cells) parsed by numpy at C speed; None sends
    anything else to the row-by-row reader, which finds and names the first problem."""
    names = [c.strip() for c in header]
    named = [group] + ([id_column] if id_column else []) + list(exclude)
    if any(n not in names for n in named):
        return None
    item_columns = [i for i, n in enumerate(names) if n not in named]
    text_columns = [names.index(group)] + ([names.index(id_column)] if id_column else [])
    try:
        if b'"' in Path(path).read_bytes() or not item_columns:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an empty file is the slow reader's to name
            scores = _loadtxt(path, item_columns, np.int8)
            text = _loadtxt(path, text_columns, str)
    except (ValueError, OverflowError, OSError, UnicodeDecodeError):
        return None
    if len(scores) == 0 or not np.isin(scores, (0, 1)).all():
        return None
    text = np.char.strip(text.astype(str))
    ids = text[:, 1].tolist() if id_column else None
    if ids is not None and (len(set(ids)) != len(ids) or "" in ids):
        return None
    return DifTable(
        [names[i] for i in item_columns], scores.astype(np.float64), text[:, 0].tolist(), ids
    )


def _loadtxt(path: PathLike, columns: list[int], dtype: type) -> NDArray[np.generic]:
    return np.loadtxt(
        path,
        dtype=dtype,
        delimiter=",",
        skiprows=1,
        comments=None,
        encoding="utf-8-sig",
        usecols=columns,
        ndmin=2,
    )


Block = tuple[NDArray[np.float64], list[str], list[str], list[int]]


def _blocks(
    path: PathLike,
    records: Iterator[list[str]],
    header: list[str],
    item_columns: list[int],
    group: str,
    id_column: str | None,
) -> Iterator[Block]:
    width = len(header)
    batch: list[list[str]] = []
    rows: list[int] = []
    for row, record in enumerate(records, start=2):
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) != width:
            raise InputFileError(
                path, f"{len(record)} values, expected {width} as in the header", row
            )
        batch.append(record)
        rows.append(row)
        if len(batch) == _BATCH:
            yield _block(path, batch, rows, header, item_columns, group, id_column)
            batch, rows = [], []
    if batch:
        yield _block(path, batch, rows, header, item_columns, group, id_column)


def _block(
    path: PathLike,
    batch: list[list[str]],
    rows: list[int],
    header: list[str],
    item_columns: list[int],
    group: str,
    id_column: str | None,
) -> Block:
    table = np.array(batch, dtype=str)
    cells = table[:, item_columns]
    if not np.isin(cells, ("0", "1", "")).all():
        cells = np.char.strip(cells)
    scores = np.where(cells == "1", 1.0, np.where(cells == "0", 0.0, np.nan))
    bad = np.isnan(scores) & (cells != "")
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise InputFileError(
            path,
            f"score {str(cells[r, c])!r} is not 0, 1 or blank",
            rows[r],
            header[item_columns[c]],
        )
    groups = np.char.strip(table[:, header.index(group)]).tolist()
    ids = np.char.strip(table[:, header.index(id_column)]).tolist() if id_column else []
    return scores, groups, ids, rows


def _check_ids(path: PathLike, ids: list[str], column: str, rows: list[int]) -> None:
    seen: dict[str, int] = {}
    for value, row in zip(ids, rows, strict=True):
        if value == "":
            raise InputFileError(path, "id is blank", row, column)
        if value in seen:
            raise InputFileError(
                path, f"id {value!r} already used in row {seen[value]}", row, column
            )
        seen[value] = row
