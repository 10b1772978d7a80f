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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hallmark import csv_cells
from hallmark.psychometrics.io import InputFileError, csv_records, read_text

from ._calibrate import Calibration
from ._models import ItemParameters

__all__ = ["PARAMS_COLUMNS", "ParameterErrors", "read_param_errors", "read_params", "write_params"]

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


@dataclass(frozen=True)
class ParameterErrors:
    """Standard errors of each item's a, intercept and c, in the file's item order.

    ``intercept`` is "d" when the file gives se_d (the slope-intercept form calibrate
    estimates), else "b"; a blank SE (a parameter held fixed) is 0.
    """

    a: NDArray[np.float64]
    intercept_se: NDArray[np.float64]
    c: NDArray[np.float64]
    intercept: str


def read_param_errors(path: str | os.PathLike[str]) -> ParameterErrors | None:
    """The se_a, se_d (or se_b) and se_c columns of a parameter file; None when it has none.

    A file with some SE columns needs se_a and se_d or se_b; se_c may be left out (0).
    """
    records = csv_records(path, read_text(path))
    header = [c.strip().lower() for c in records[0]] if records else []
    if not any(h.startswith("se_") for h in header):
        return None
    if "se_a" not in header or ("se_d" not in header and "se_b" not in header):
        raise InputFileError(path, "standard errors need columns se_a and se_d or se_b", 1)
    kind = "d" if "se_d" in header else "b"
    names = {"a": "se_a", "i": f"se_{kind}", "c": "se_c"}
    out: dict[str, list[float]] = {k: [] for k in names}
    for row, record in enumerate(records[1:], start=2):
        if not any(v.strip() for v in record):
            continue
        for key, column in names.items():
            text = record[header.index(column)].strip() if column in header else ""
            value = _number(path, text, row, column, 0.0)
            if value < 0:
                raise InputFileError(path, f"standard error {text!r} is negative", row, column)
            out[key].append(value)
    a, i, c = (np.array(out[k], dtype=np.float64) for k in "aic")
    return ParameterErrors(a, i, c, kind)


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
