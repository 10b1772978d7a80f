"""The item parameter file (PARAMS.csv): columns item, a, b, c, d and optional se_ columns.

Written by ``hallmark calibrate --out`` and read by ``--anchors`` and ``hallmark theta
--params``. A file needs ``item``, ``a`` and ``b`` or ``d`` (``d`` wins when both are
given); ``c`` may be left out or blank (0). Other columns are ignored. Rows are numbered as a
spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np

from hallmark import csv_cells
from hallmark.psychometrics.io import InputFileError, csv_records, read_text

from ._calibrate import Calibration
from ._models import ItemParameters

__all__ = ["PARAMS_COLUMNS", "read_params", "write_params"]

PARAMS_COLUMNS = ("item", "a", "b", "c", "d", "se_a", "se_b", "se_c", "se_d")


def _number(
    path: str | os.PathLike[str], text: str, row: int, column: str, blank: float | None
) -> float:
    if text == "":
        if blank is None:
            raise InputFileError(path, "value is blank", row, column)
        return blank
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, f"value {text!r} is not a number", row, column) from None
    if not math.isfinite(value):
        raise InputFileError(path, f"value {text!r} is not a finite number", row, column)
    return value


def read_params(path: str | os.PathLike[str], scale: float = 1.0) -> ItemParameters:
    """Read a parameter file whose values are on the logistic scale D = ``scale``."""
    return read_params_with_rows(path, scale)[0]


def read_params_with_rows(
    path: str | os.PathLike[str], scale: float = 1.0
) -> tuple[ItemParameters, list[int]]:
    """The parameters and the file row of each item (for error messages)."""
    text = read_text(path)
    records = csv_records(path, text)
    if not records or not any(c.strip() for c in records[0]):
        raise InputFileError(path, "file is empty")
    header = [c.strip().lower() for c in records[0]]
    for name in ("item", "a"):
        if name not in header:
            raise InputFileError(path, f"no column {name!r} in the header", 1)
    if "b" not in header and "d" not in header:
        raise InputFileError(path, "the header needs a 'b' or a 'd' column", 1)
    col = {name: header.index(name) for name in ("item", "a", "b", "c", "d") if name in header}
    names: list[str] = []
    a: list[float] = []
    d: list[float] = []
    c: list[float] = []
    seen: dict[str, int] = {}
    for row, record in enumerate(records[1:], start=2):
        if not any(v.strip() for v in record):
            continue
        if len(record) != len(header):
            raise InputFileError(
                path, f"{len(record)} values, expected {len(header)} as in the header", row
            )
        value = {name: record[i].strip() for name, i in col.items()}
        item = csv_cells.restore(value["item"])  # as write_params neutralised it
        if item == "":
            raise InputFileError(path, "item is blank", row, "item")
        if item in seen:
            raise InputFileError(
                path, f"item {item!r} already listed in row {seen[item]}", row, "item"
            )
        seen[item] = row
        slope = _number(path, value["a"], row, "a", None)
        if slope <= 0:
            raise InputFileError(path, f"slope {value['a']!r} is not positive", row, "a")
        if value.get("d", "") != "":
            intercept = _number(path, value["d"], row, "d", None)
        else:
            column = "b" if "b" in col else "d"
            intercept = -slope * _number(path, value.get("b", ""), row, column, None)
        guess = _number(path, value.get("c", ""), row, "c", 0.0)
        if not 0 <= guess < 1:
            raise InputFileError(path, f"lower asymptote {value['c']!r} is not in [0, 1)", row, "c")
        names.append(item)
        a.append(slope)
        d.append(intercept)
        c.append(guess)
    if not names:
        raise InputFileError(path, "no items after the header", 1)
    params = ItemParameters(tuple(names), np.array(a), np.array(d), np.array(c), scale)
    return params, [seen[n] for n in names]


def _fmt(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.10g}"


def write_params(calibration: Calibration, path: str | os.PathLike[str] | None = None) -> str:
    """The calibration's items as PARAMS.csv text; written to ``path`` when given."""
    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(PARAMS_COLUMNS)
    for it in calibration.items:
        writer.writerow([it.item] + [_fmt(getattr(it, name)) for name in PARAMS_COLUMNS[1:]])
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
