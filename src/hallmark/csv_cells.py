"""CSV cells that a spreadsheet shows as text, never runs as a formula (CSV injection).

Spreadsheets treat a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
carriage return) as a formula: an item stem or a candidate's name such as
`=HYPERLINK("http://...")` would run when a psychometrician opens an export. Every CSV that
Hallmark writes goes through `writer`, which prefixes such text cells with `'` (the OWASP rule).

Numbers stay numbers: an int, a float or a Decimal, and a string that is a plain numeral such
as `-1.234` or `1e-05`, are written as they are. A numeral has no operator and no function, so a
spreadsheet can only read it as a number, and a quote would turn thetas and b parameters into
text that no longer sorts or sums.

Hallmark's own CSV formats read back what they wrote: `restore` removes the one quote that
`neutralise` added (a cell that starts with quotes followed by a trigger gets one more quote, so
the pair round-trips any text).

This module is pure (no Django): the file verbs of the pure packages use it too.
"""

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMERAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|nan)", re.IGNORECASE)


def _is_formula_like(text: str) -> bool:
    return text.lstrip("'").startswith(TRIGGERS)


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet should read it: formula-like text gets a leading `'`."""
    if isinstance(value, int | float | Decimal) or not isinstance(value, str):
        return value
    if NUMERAL.fullmatch(value) or not _is_formula_like(value):
        return value
    return "'" + value


def restore(text: str) -> str:
    """The text a neutralised cell stood for (the inverse of `neutralise` on text)."""
    if text.startswith("'") and _is_formula_like(text[1:]):
        return text[1:]
    return text


class SafeWriter:
    """A csv.writer whose text cells are neutralised; same arguments as csv.writer."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
