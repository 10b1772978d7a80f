"""The item table that forms are assembled from, and its CSV reader."""

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

StrArray = npt.NDArray[np.str_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OPERATIONAL = "operational"
PRETEST = "pretest"

REQUIRED_COLUMNS = ("item", "domain", "competency", "status")
NUMBER_COLUMNS = ("a", "b", "c", "p", "rpbis", "reading_seconds", "times_used")
TEXT_COLUMNS = ("enemy_group", "set_id", "cognitive_level", "item_format")
ENEMY_SEPARATOR = "|"


class BankError(ValueError):
    """A bad value in the item table; `row` is the 0-based item position, `column` its column."""

    def __init__(self, detail: str, *, column: str, row: int | None = None) -> None:
        self.detail = detail
        self.column = column
        self.row = row
        self.line: int | None = None  # the CSV line (header = 1), set by read_bank
        where = f"column '{column}'" if row is None else f"row {row + 1}, column '{column}'"
        super().__init__(f"item bank {where}: {detail}")


@dataclass(frozen=True, eq=False)
class ItemBank:
    """The items available to assembly, one entry per item in every array.

    Build it with `ItemBank.from_columns` (which validates) or `read_bank` (a CSV file).
    Missing numbers are NaN; missing text is the empty string.

    Attributes
    ----------
    item, domain, competency, status : item id, blueprint domain, competency, and status
        (`operational` items fill scored positions, `pretest` items the pretest positions; any
        other status, e.g. `retired`, is never selected).
    a, b, c : 2PL/3PL parameters (c is 0 where absent).
    p, rpbis : classical difficulty and point-biserial discrimination.
    reading_seconds : estimated reading time of the item.
    enemy_groups : the enemy groups each item belongs to; a form holds at most one item per group.
    set_id : the item set (a stimulus and its items) the item belongs to; a set is all in or out.
    cognitive_level : the item's cognitive level.
    item_format : the item's format, a free name (Hallmark uses single, multiple and case).
    times_used : how often the item was used in the windows the exposure rule looks back on.
    """

    item: StrArray
    domain: StrArray
    competency: StrArray
    status: StrArray
    a: FloatArray
    b: FloatArray
    c: FloatArray
    p: FloatArray
    rpbis: FloatArray
    reading_seconds: FloatArray
    enemy_groups: tuple[tuple[str, ...], ...]
    set_id: StrArray
    cognitive_level: StrArray
    item_format: StrArray
    times_used: IntArray

    def __len__(self) -> int:
        return int(self.item.size)

    @classmethod
    def from_columns(
        cls,
        *,
        item: Sequence[str],
        domain: Sequence[str],
        competency: Sequence[str],
        status: Sequence[str],
        a: Sequence[float] | None = None,
        b: Sequence[float] | None = None,
        c: Sequence[float] | None = None,
        p: Sequence[float] | None = None,
        rpbis: Sequence[float] | None = None,
        reading_seconds: Sequence[float] | None = None,
        enemy_groups: Sequence[Iterable[str]] | None = None,
        set_id: Sequence[str] | None = None,
        cognitive_level: Sequence[str] | None = None,
        item_format: Sequence[str] | None = None,
        times_used: Sequence[float] | None = None,
    ) -> "ItemBank":
        """Build a validated bank from columns; absent optional columns are left empty."""
        n = len(item)
        columns: dict[str, Sequence[object] | None] = {
            "item": item,
            "domain": domain,
            "competency": competency,
            "status": status,
            "a": a,
            "b": b,
            "c": c,
            "p": p,
            "rpbis": rpbis,
            "reading_seconds": reading_seconds,
            "enemy_group": enemy_groups,
            "set_id": set_id,
            "cognitive_level": cognitive_level,
            "item_format": item_format,
            "times_used": times_used,
        }
        _check_lengths(columns, n)

        def text(values: Sequence[str] | None) -> StrArray:
            return np.array([""] * n if values is None else [str(v).strip() for v in values], str)

        def number(values: Sequence[float] | None, default: float = math.nan) -> FloatArray:
            return np.full(n, default) if values is None else np.asarray(values, dtype=float)

        bank = cls(
            item=text(item),
            domain=text(domain),
            competency=text(competency),
            status=text(status),
            a=number(a),
            b=number(b),
            c=np.nan_to_num(number(c, 0.0), nan=0.0),
            p=number(p),
            rpbis=number(rpbis),
            reading_seconds=number(reading_seconds),
            enemy_groups=(
                tuple(_groups(g) for g in enemy_groups) if enemy_groups is not None else ((),) * n
            ),
            set_id=text(set_id),
            cognitive_level=text(cognitive_level),
            item_format=text(item_format),
            times_used=_counts(times_used, n),
        )
        _bank_iv(bank)
        return bank

    def positions(self, items: Iterable[str], what: str = "item") -> IntArray:
        """Positions of the given item ids in the bank (ValueError naming an unknown id)."""
        lookup = {name: i for i, name in enumerate(self.item.tolist())}
        out = []
        for name in items:
            if name not in lookup:
                raise ValueError(f"{what} '{name}' is not in the item bank")
            out.append(lookup[name])
        return np.array(out, dtype=np.int64)

    @property
    def has_irt(self) -> FloatArray:
        """1.0 where the item has usable IRT parameters (a and b), else 0.0."""
        return (np.isfinite(self.a) & np.isfinite(self.b)).astype(float)


def _groups(value: Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(ENEMY_SEPARATOR)
    return tuple(sorted({g.strip() for g in value if g.strip()}))


def _counts(values: Sequence[float] | None, n: int) -> IntArray:
    if values is None:
        return np.zeros(n, dtype=np.int64)
    raw = np.asarray(values, dtype=float)
    for i, v in enumerate(raw):
        if not (math.isfinite(v) and v >= 0 and v == int(v)):
            raise BankError(
                f"value {v!r} is not a non-negative whole number", column="times_used", row=i
            )
    return raw.astype(np.int64)


def _check_lengths(columns: dict[str, Sequence[object] | None], n: int) -> None:
    if n == 0:
        raise BankError("the item bank has no items", column="item")
    for name, values in columns.items():
        if values is not None and len(values) != n:
            raise BankError(f"has {len(values)} values for {n} items", column=name)


def _bank_iv(bank: ItemBank) -> None:
    """Check every value; messages name the row and column."""
    for column in REQUIRED_COLUMNS:
        values = getattr(bank, column)
        for pos in np.flatnonzero(values == ""):
            raise BankError("value is empty", column=column, row=int(pos))
    first: dict[str, int] = {}
    for i, name in enumerate(bank.item.tolist()):
        if name in first:
            raise BankError(f"item id '{name}' repeats row {first[name] + 1}", column="item", row=i)
        first[name] = i
    home: dict[str, tuple[str, int]] = {}
    for i, (comp, dom) in enumerate(
        zip(bank.competency.tolist(), bank.domain.tolist(), strict=True)
    ):
        seen = home.setdefault(comp, (dom, i))
        if seen[0] != dom:
            raise BankError(
                f"competency '{comp}' is in domain '{dom}' here but in domain '{seen[0]}' "
                f"at row {seen[1] + 1}",
                column="competency",
                row=i,
            )
    _check_numbers(bank)


def _check_numbers(bank: ItemBank) -> None:
    rules: dict[str, tuple[float, float, bool, str]] = {
        # column: (low, high, low is open, wording)
        "a": (0.0, math.inf, True, "a positive number"),
        "b": (-math.inf, math.inf, False, "a finite number"),
        "c": (0.0, 1.0, False, "a number in [0, 1)"),
        "p": (0.0, 1.0, False, "a number in [0, 1]"),
        "rpbis": (-1.0, 1.0, False, "a number in [-1, 1]"),
        "reading_seconds": (0.0, math.inf, False, "a non-negative number"),
    }
    for column, (low, high, open_low, wording) in rules.items():
        values = getattr(bank, column)
        present = ~np.isnan(values)
        bad = present & ~np.isfinite(values)
        bad |= present & ((values <= low) if open_low else (values < low))
        bad |= present & ((values >= high) if column == "c" else (values > high))
        for pos in np.flatnonzero(bad):
            detail = f"value {float(values[pos])!r} is not {wording}"
            raise BankError(detail, column=column, row=int(pos))
    lone = np.isnan(bank.a) != np.isnan(bank.b)
    for pos in np.flatnonzero(lone):
        column = "b" if np.isnan(bank.b[pos]) else "a"
        raise BankError("value is missing: a and b come together", column=column, row=int(pos))


def read_bank(path: str | Path) -> tuple[ItemBank, list[int]]:
    """Read a bank CSV; returns the bank and the file line of each item (header = line 1).

    Columns: item, domain, competency, status (required); a, b, c, p, rpbis, reading_seconds,
    times_used, enemy_group (groups separated by |), set_id, cognitive_level,
    item_format (optional).
    Other columns are ignored. A BankError carries the item position (`row`) and file `line`.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            header = [h.strip() for h in (reader.fieldnames or [])]
        except csv.Error as exc:
            raise BankError(f"CSV syntax in the header: {exc}", column="(header)") from None
        reader.fieldnames = header
        for column in REQUIRED_COLUMNS:
            if column not in header:
                raise BankError("column is missing from the header", column=column)
        records: list[dict[str, str]] = []
        lines: list[int] = []
        try:
            for record in reader:
                if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
                    continue
                records.append({k: (v or "").strip() for k, v in record.items() if k is not None})
                lines.append(reader.line_num)
        except csv.Error as exc:
            error = BankError(f"CSV syntax: {exc}", column="(file)", row=len(records))
            error.line = reader.reader.line_num  # the DictReader counts only whole rows
            raise error from None
    if not records:
        raise BankError("the item bank has no items", column="item")
    columns: dict[str, list[str]] = {h: [r.get(h, "") for r in records] for h in header}

    try:
        bank = _from_records(columns)
    except BankError as exc:
        if exc.row is not None:
            exc.line = lines[exc.row]
        raise
    return bank, lines


def _from_records(columns: dict[str, list[str]]) -> ItemBank:
    def numbers(column: str) -> list[float] | None:
        if column not in columns:
            return None
        out = []
        for i, raw in enumerate(columns[column]):
            try:
                out.append(float(raw) if raw else math.nan)
            except ValueError:
                raise BankError(f"value '{raw}' is not a number", column=column, row=i) from None
        return out

    times = numbers("times_used")
    return ItemBank.from_columns(
        item=columns["item"],
        domain=columns["domain"],
        competency=columns["competency"],
        status=[s.lower() for s in columns["status"]],
        a=numbers("a"),
        b=numbers("b"),
        c=numbers("c"),
        p=numbers("p"),
        rpbis=numbers("rpbis"),
        reading_seconds=numbers("reading_seconds"),
        enemy_groups=columns.get("enemy_group"),
        set_id=columns.get("set_id"),
        cognitive_level=columns.get("cognitive_level"),
        item_format=columns.get("item_format"),
        times_used=None if times is None else [0.0 if math.isnan(t) else t for t in times],
    )
