"""Reading response, scored, key and domain files (CSV, UTF-8).

A response file has a header row, an id column first, then one column per item (and, when
named, a frequency column). Rows are numbered as a spreadsheet shows them: the header is row 1.
Every problem raises `InputFileError`, whose message is one line naming file, row and column.

Large files are read in blocks of whole lines. A block without quotes, spaces or non-ASCII
item values is split with numpy on the raw bytes; any other block goes through the csv module,
so both give the same result and the same error messages.
"""

from __future__ import annotations

import csv
import io as _io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from hallmark.psychometrics._scoring import (
    MAX_OPTIONS,
    NOT_REACHED,
    NOT_REACHED_CODE,
    OMITTED,
    EncodedResponses,
    mark_trailing_not_reached,
)

__all__ = [
    "DROPPED",
    "EncodedTable",
    "InputFileError",
    "ResponseTable",
    "ScoredTable",
    "read_domains",
    "read_encoded",
    "read_key",
    "read_responses",
    "read_scored",
]

PathLike = str | os.PathLike[str]
Progress = Callable[[int], None]
# The key-file value that drops an item from scoring.
DROPPED = "*"
_BLOCK_BYTES = 8 << 20
_SLOW_ROWS = 20000
_RENUMBER_ROWS = 65536
_UNKNOWN = NOT_REACHED - 1  # code of bytes not yet seen, while fewer labels than that exist
_COMMA, _NEWLINE, _CR, _SPACE = 44, 10, 13, 32


class InputFileError(ValueError):
    """A file cannot be used; ``str(error)`` is one line naming file, row and column.

    Attributes:
        file: the path as given.
        row: the spreadsheet row (header = 1), or None when the problem is the whole file.
        column: the column name, or None.
        reason: the message without the location.
    """

    def __init__(
        self, file: PathLike, reason: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = os.fspath(file)
        self.row = row
        self.column = column
        self.reason = reason
        where = self.file
        if row is not None:
            where += f" row {row}"
        if column is not None:
            where += f"{',' if row is not None else ''} column {column!r}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class ResponseTable:
    """Raw option responses as read.

    Attributes:
        ids: the first column.
        items: the item column names.
        responses: str array (candidates, items); "" for omitted, "." for not reached.
        weights: float64 pattern frequencies (ones without a frequency column).
    """

    ids: list[str]
    items: list[str]
    responses: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True)
class ScoredTable:
    """Scored responses as read.

    Attributes:
        ids: the first column.
        items: the item column names.
        scores: float64 array (candidates, items): 1.0, 0.0, or NaN for a blank cell.
        weights: float64 pattern frequencies (ones without a frequency column).
    """

    ids: list[str]
    items: list[str]
    scores: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True)
class EncodedTable:
    """Responses as read, held compactly (one byte per response).

    Attributes:
        ids: the first column.
        items: the item column names.
        encoded: the codes and option labels (see `EncodedResponses`).
        weights: float64 pattern frequencies (ones without a frequency column).
    """

    ids: list[str]
    items: list[str]
    encoded: EncodedResponses
    weights: np.ndarray


# ---------------------------------------------------------------------------------------------
# public readers


def read_responses(path: PathLike, freq_column: str | None = None) -> ResponseTable:
    """Read option responses as strings: "" for omitted, "." for an explicit not-reached code.

    Trailing blanks stay blank here; scoring decides what they mean.
    """
    table = read_encoded(path, freq_column, trailing_not_reached=False)
    return ResponseTable(
        ids=table.ids,
        items=table.items,
        responses=table.encoded.decode(),
        weights=table.weights,
    )


def read_scored(
    path: PathLike, freq_column: str | None = None, *, progress: Progress | None = None
) -> ScoredTable:
    """Read 0/1 scores; a blank cell is NaN. Any other value is an error."""
    table = _read(path, freq_column, scored=True, progress=progress)
    lookup = np.full(256, np.nan)
    lookup[OMITTED] = np.nan
    for code, label in enumerate(table.encoded.options, start=1):
        lookup[code] = float(label)
    return ScoredTable(
        ids=table.ids, items=table.items, scores=lookup[table.encoded.codes], weights=table.weights
    )


def read_encoded(
    path: PathLike,
    freq_column: str | None = None,
    *,
    trailing_not_reached: bool = True,
    scored: bool = False,
    progress: Progress | None = None,
) -> EncodedTable:
    """Read a response file straight into one-byte codes (the memory-light path).

    Args:
        path: the CSV file.
        freq_column: name of a column of pattern frequencies (positive numbers).
        trailing_not_reached: recode each candidate's trailing blanks as not reached.
        scored: the file holds 0/1 scores: any other value is an error, and a blank cell
            is coded not reached (no data), never omitted.
        progress: called with the number of bytes read after each block.
    """
    table = _read(path, freq_column, scored=scored, progress=progress)
    if trailing_not_reached and not scored:
        mark_trailing_not_reached(table.encoded.codes)
    return table


def read_key(path: PathLike, items: Sequence[str] | None = None) -> dict[str, frozenset[str]]:
    """Read a key file: columns ``item`` and ``key``.

    A key may list several accepted options separated by ``|`` ("A|C"); ``*`` drops the item
    from scoring (it maps to an empty set). A blank key is an error. With `items` (the columns
    of the response file) every key item must be a column and every column must have a key.
    """
    rows, header_row = _small_table(path, ("item", "key"))
    key: dict[str, frozenset[str]] = {}
    where: dict[str, int] = {}
    for row, record in rows:
        item, text = record["item"], record["key"]
        _check_new_item(path, row, item, where)
        if text == "":
            raise InputFileError(
                path, f"key of item {item!r} is blank (write * to drop it)", row, "key"
            )
        if text == DROPPED:
            key[item] = frozenset()
            continue
        options = [o.strip() for o in text.split("|")]
        if any(o in ("", NOT_REACHED_CODE, DROPPED) for o in options):
            raise InputFileError(path, f"key {text!r} has a blank or reserved option", row, "key")
        key[item] = frozenset(options)
    if not key:
        raise InputFileError(path, "no keys after the header", header_row)
    if items is not None:
        _check_item_sets(path, where, items, "key")
    return key


# The `scoring` column of a key file: how a multiple-response item (keys = every option to
# select) scores; blank for an item right when its answer is any one of its keys.
RESPONSE_SET_SCORING = ("all or nothing", "partial")


def read_key_scoring(path: PathLike) -> dict[str, str]:
    """The optional ``scoring`` column of a key file: item -> "all or nothing" or "partial"
    for its multiple-response items (answers written "A|C"); {} when the column is absent."""
    records = csv_records(path, read_text(path))
    if not records or "scoring" not in [c.strip().lower() for c in records[0]]:
        return {}
    rows, _ = _small_table(path, ("item", "scoring"))
    found = {}
    for row, record in rows:
        how = record["scoring"].lower()
        if how and how not in RESPONSE_SET_SCORING:
            raise InputFileError(
                path,
                f"scoring {record['scoring']!r} is not one of: blank, "
                + ", ".join(RESPONSE_SET_SCORING),
                row,
                "scoring",
            )
        if how:
            found[record["item"]] = how
    return found


def read_domains(path: PathLike, items: Sequence[str] | None = None) -> dict[str, str]:
    """Read a domain file: columns ``item`` and ``domain``.

    With `items`, every domain item must be one of them (items left out of the file belong to
    no domain).
    """
    rows, header_row = _small_table(path, ("item", "domain"))
    domains: dict[str, str] = {}
    where: dict[str, int] = {}
    for row, record in rows:
        item, domain = record["item"], record["domain"]
        _check_new_item(path, row, item, where)
        if domain == "":
            raise InputFileError(path, f"domain of item {item!r} is blank", row, "domain")
        domains[item] = domain
    if not domains:
        raise InputFileError(path, "no items after the header", header_row)
    if items is not None:
        _check_item_sets(path, where, items, None)
    return domains


# ---------------------------------------------------------------------------------------------
# small files (keys, domains)


def _small_table(
    path: PathLike, required: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], int]:
    records = csv_records(path, read_text(path))
    if not records or not any(c.strip() for c in records[0]):
        raise InputFileError(path, "file is empty")
    header = [c.strip().lower() for c in records[0]]
    for name in required:
        if name not in header:
            raise InputFileError(
                path, f"no column {name!r} in the header (columns: {', '.join(header)})", 1
            )
    index = {name: header.index(name) for name in required}
    rows: list[tuple[int, dict[str, str]]] = []
    for row, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(header):
            raise InputFileError(
                path, f"{len(record)} values, expected {len(header)} as in the header", row
            )
        rows.append((row, {name: record[i].strip() for name, i in index.items()}))
    return rows, 1


def _check_new_item(path: PathLike, row: int, item: str, where: dict[str, int]) -> None:
    if item == "":
        raise InputFileError(path, "item is blank", row, "item")
    if item in where:
        raise InputFileError(
            path, f"item {item!r} already listed in row {where[item]}", row, "item"
        )
    where[item] = row


def _check_item_sets(
    path: PathLike, where: dict[str, int], items: Sequence[str], needs: str | None
) -> None:
    columns = set(items)
    for item, row in where.items():
        if item not in columns:
            raise InputFileError(
                path, f"item {item!r} is not a column of the response file", row, "item"
            )
    if needs is not None:
        missing = [i for i in items if i not in where]
        if missing:
            shown = ", ".join(repr(i) for i in missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise InputFileError(
                path, f"no {needs} for item(s) {shown} of the response file ({len(missing)})"
            )


def csv_records(path: PathLike, text: str) -> list[list[str]]:
    """Every record of a small CSV file; a syntax error (a cell over the csv module's field
    limit, a stray quote) is an InputFileError naming its row, never a csv.Error."""
    reader = csv.reader(_io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as error:
        raise InputFileError(path, f"CSV syntax: {error}", reader.line_num) from None
    return records


def read_text(path: PathLike) -> str:
    """A small file's text (UTF-8, a byte-order mark dropped); an unreadable file or one that is
    not UTF-8 is an InputFileError naming it."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputFileError(path, error.strerror or str(error)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(path, f"not UTF-8 text (byte {error.start})") from None


# ---------------------------------------------------------------------------------------------
# the large-file reader


@dataclass
class _Layout:
    """Where things are in a response file's header."""

    path: PathLike
    header: list[str]
    items: list[str]
    item_columns: np.ndarray  # positions among the non-id columns
    freq_index: int | None  # position among the non-id columns


@dataclass
class _Block:
    """Records of one block: ids, frequency texts, and item values (uint8 bytes or str)."""

    first_row: int
    ids: list[str]
    freq: list[str] | None
    single_bytes: np.ndarray | None  # uint8 (n, k): one ASCII byte per value, comma = blank
    text: np.ndarray | None  # str (n, k), stripped
    row_map: list[int] | None = None  # each record's row, when rows are not consecutive

    def row(self, index: int) -> int:
        return self.row_map[index] if self.row_map is not None else self.first_row + index

    def rows(self) -> Iterable[int]:
        if self.row_map is not None:
            return self.row_map
        return range(self.first_row, self.first_row + len(self.ids))


class _Encoder:
    """Turns blocks of item values into codes with one option vocabulary for the file."""

    def __init__(self, layout: _Layout, scored: bool) -> None:
        self.layout = layout
        self.scored = scored
        self.labels: list[str] = []  # code c + 1 is labels[c], in the order learned
        self.byte_lookup = np.full(256, _UNKNOWN, dtype=np.uint8)
        self.byte_known = np.zeros(256, dtype=bool)
        blank = NOT_REACHED if scored else OMITTED
        self.byte_known[_COMMA] = True  # an empty field in the one-byte path
        self.byte_lookup[_COMMA] = blank
        self.text_lookup: dict[str, int] = {"": blank}
        if not scored:
            self.text_lookup[NOT_REACHED_CODE] = NOT_REACHED
            self.byte_lookup[ord(NOT_REACHED_CODE)] = NOT_REACHED
            self.byte_known[ord(NOT_REACHED_CODE)] = True

    def encode(self, block: _Block) -> np.ndarray:
        if block.single_bytes is not None:
            values = block.single_bytes
            codes = np.take(self.byte_lookup, values)
            # unknown bytes map to a code no label has yet; seeing it means new labels
            if len(self.labels) < _UNKNOWN and not (codes == _UNKNOWN).any():
                return codes
            seen = np.flatnonzero(np.bincount(values.ravel(), minlength=256))
            unknown = seen[~self.byte_known[seen]]
            if not unknown.size:
                return codes
            self._learn_new(block, [(chr(b), values == b, int(b)) for b in unknown])
            return np.take(self.byte_lookup, values)
        assert block.text is not None
        uniques, inverse = np.unique(block.text, return_inverse=True)
        labels = uniques.tolist()
        inverse = inverse.reshape(block.text.shape)
        new = [(label, inverse == i, None) for i, label in enumerate(labels)]
        self._learn_new(block, [item for item in new if item[0] not in self.text_lookup])
        lookup = np.array([self.text_lookup[label] for label in labels], dtype=np.uint8)
        return np.asarray(lookup[inverse])

    def _learn_new(self, block: _Block, new: list[tuple[str, np.ndarray, int | None]]) -> None:
        """Learn this block's new labels; a bad one is reported at its first cell."""
        if self.scored:
            bad = [(label, mask) for label, mask, _ in new if label not in ("0", "1")]
            if bad:
                label, mask = min(bad, key=lambda pair: int(np.argmax(pair[1].ravel())))
                raise self._error(f"value {label!r} is not 0 or 1", (block, mask))
        # learning in label order keeps codes sorted, so `finish` rarely renumbers
        for label, mask, byte in sorted(new, key=lambda item: item[0]):
            code = self._learn(label, (block, mask))
            if byte is not None:
                self.byte_lookup[byte] = code
                self.byte_known[byte] = True
        if len(self.labels) >= _UNKNOWN:
            self.byte_lookup[~self.byte_known] = 0  # no spare code left: bincount every block

    def _learn(self, label: str, where: tuple[_Block, np.ndarray] | None) -> int:
        if label in self.text_lookup:
            return self.text_lookup[label]
        if len(self.labels) >= MAX_OPTIONS:
            raise self._error(
                f"value {label!r} would be option label number {len(self.labels) + 1}; "
                f"at most {MAX_OPTIONS} distinct labels are allowed",
                where,
            )
        self.labels.append(label)
        code = len(self.labels)
        self.text_lookup[label] = code
        return code

    def _error(self, reason: str, where: tuple[_Block, np.ndarray] | None) -> InputFileError:
        if where is None:
            return InputFileError(self.layout.path, reason)
        block, mask = where
        row, col = divmod(int(np.argmax(mask.ravel())), mask.shape[1])
        return InputFileError(self.layout.path, reason, block.row(row), self.layout.items[col])

    def finish(self, codes: np.ndarray) -> EncodedResponses:
        """Renumber options in sorted label order so the result does not depend on row order."""
        order = sorted(range(len(self.labels)), key=lambda c: self.labels[c])
        renumber = np.arange(256, dtype=np.uint8)
        for new, old in enumerate(order, start=1):
            renumber[old + 1] = new
        if order != sorted(order):
            for start in range(0, len(codes), _RENUMBER_ROWS):
                part = codes[start : start + _RENUMBER_ROWS]
                part[...] = np.take(renumber, part)
        return EncodedResponses(codes=codes, options=[self.labels[c] for c in order])


def _read(
    path: PathLike, freq_column: str | None, *, scored: bool, progress: Progress | None
) -> EncodedTable:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, shared with the text fallback
    except OSError as error:
        raise InputFileError(path, error.strerror or str(error)) from None
    with handle:
        layout, first_row = _read_header(path, handle, freq_column)
        encoder = _Encoder(layout, scored)
        ids: list[str] = []
        rows: list[Iterable[int]] = []
        freq: list[np.ndarray] = []
        # Every data line holds at least k + 1 bytes, so this bounds the rows; pages past the
        # last row are never written and cost no memory.
        k = len(layout.items)
        codes = np.empty((os.fstat(handle.fileno()).st_size // (k + 1) + 1, k), dtype=np.uint8)
        for block in _blocks(layout, handle, first_row, progress):
            if "" in block.ids:
                index = block.ids.index("")
                raise InputFileError(path, "id is blank", block.row(index), layout.header[0])
            ids.extend(block.ids)
            rows.append(block.rows())
            if block.freq is not None:
                freq.append(_parse_freq(layout, block))
            start = len(ids) - len(block.ids)
            while len(ids) > len(codes):  # the file grew while being read
                codes = np.concatenate([codes, np.empty_like(codes)])
            codes[start : len(ids)] = encoder.encode(block)
    if not ids:
        raise InputFileError(path, "no data rows after the header")
    if len(set(ids)) != len(ids):
        _raise_repeated_id(layout, ids, rows)
    all_codes = codes[: len(ids)]
    weights = np.concatenate(freq) if freq else np.ones(len(ids))
    return EncodedTable(
        ids=ids, items=layout.items, encoded=encoder.finish(all_codes), weights=weights
    )


def _read_header(path: PathLike, handle: BinaryIO, freq_column: str | None) -> tuple[_Layout, int]:
    line = handle.readline()
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(path, f"not UTF-8 text (byte {error.start})", 1) from None
    if not text.strip():
        raise InputFileError(
            path, "file is empty" if not line else "header row is blank", 1 if line else None
        )
    header = [c.strip() for c in (csv_records(path, text) or [[]])[0]]
    for position, name in enumerate(header, start=1):
        if name == "":
            raise InputFileError(path, f"column {position} has no name", 1)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputFileError(path, f"column name {name!r} appears twice", 1, name)
        seen.add(name)
    rest = header[1:]
    freq_index = None
    if freq_column is not None:
        if freq_column not in rest:
            raise InputFileError(
                path,
                f"no frequency column {freq_column!r} after the id column "
                f"(columns: {', '.join(header)})",
                1,
            )
        freq_index = rest.index(freq_column)
    items = [name for name in rest if name != freq_column]
    if not items:
        raise InputFileError(path, "no item columns after the id column", 1)
    item_columns = np.array(
        [i for i, name in enumerate(rest) if name != freq_column], dtype=np.intp
    )
    return _Layout(path, header, items, item_columns, freq_index), 2


def _blocks(
    layout: _Layout, handle: BinaryIO, first_row: int, progress: Progress | None
) -> Iterator[_Block]:
    """Blocks of whole lines; from the first quote on, the csv module reads the rest."""
    row = first_row
    carry = b""
    while True:
        offset = handle.tell() - len(carry)
        data = handle.read(_BLOCK_BYTES)
        at_end = not data
        data = carry + data
        if not data:
            return
        cut = data.rfind(b"\n") + 1 if not at_end else len(data)
        if cut == 0:  # one line longer than a block: read on
            carry = data
            continue
        chunk, carry = data[:cut], data[cut:]
        if b'"' in chunk:
            handle.seek(offset)
            yield from _csv_blocks(layout, handle, row, progress)
            return
        if not chunk.endswith(b"\n"):
            chunk += b"\n"
        block = _fast_block(layout, chunk, row)
        if block is not None:  # one record per line, no blank lines
            row += len(block.ids)
        else:
            block = _slow_block(layout, chunk, row)
            row += chunk.count(b"\n")
        if block.ids:
            yield block
        if progress is not None:
            progress(len(chunk))
        if at_end:
            return


def _fast_block(layout: _Layout, chunk: bytes, first_row: int) -> _Block | None:
    """Split a block of unquoted lines with numpy; None when the block needs the csv module."""
    buf = np.frombuffer(chunk, dtype=np.uint8)
    if _CR in chunk:
        ends = np.flatnonzero(buf == _CR)
        if np.any(buf[ends + 1] != _NEWLINE):
            return None
        buf = buf[buf != _CR]
    newline = buf == _NEWLINE
    is_sep = newline | (buf == _COMMA)
    n = int(np.count_nonzero(newline))
    flat_seps = np.nonzero(is_sep)[0]
    ncols = len(layout.header)
    # n lines of ncols fields each, every group of ncols separators ending at a newline,
    # means every line has exactly ncols fields; anything else (ragged, blank) goes to csv.
    if len(flat_seps) != n * ncols:
        return None
    seps = flat_seps.reshape(n, ncols)
    if not newline[seps[:, -1]].all():
        return None
    line_starts = np.empty(n, dtype=seps.dtype)
    line_starts[0] = 0
    line_starts[1:] = seps[:-1, -1] + 1
    ids = _field_texts(buf, line_starts, seps[:, 0])
    if ids is None:
        return None
    if _has_space(buf, line_starts, seps[:, 0]):
        ids = [i.strip() for i in ids]
    # adjacent non-separator bytes: inside ids and frequencies, or in a value longer than one
    pairs = np.count_nonzero(~(is_sep[:-1] | is_sep[1:]))
    pairs -= int(np.maximum(seps[:, 0] - line_starts - 1, 0).sum())
    freq = None
    if layout.freq_index is not None:
        f = layout.freq_index
        freq = _field_texts(buf, seps[:, f] + 1, seps[:, f + 1])
        if freq is None:
            return None
        pairs -= int(np.maximum(seps[:, f + 1] - seps[:, f] - 2, 0).sum())
    if pairs == 0:
        return _one_byte_block(layout, buf, seps, first_row, ids, freq)
    return _text_block(layout, buf, seps, first_row, ids, freq)


def _one_byte_block(
    layout: _Layout,
    buf: np.ndarray,
    seps: np.ndarray,
    first_row: int,
    ids: list[str],
    freq: list[str] | None,
) -> _Block | None:
    # The byte before each separator is the value, or the comma before an empty field.
    values = np.take(buf, seps[:, 1:] - 1)
    if layout.freq_index is not None:
        values = values[:, layout.item_columns]
    if values.min() <= _SPACE or values.max() >= 128:  # controls, space, non-ASCII
        return None
    return _Block(first_row, ids, freq, values, None)


def _text_block(
    layout: _Layout,
    buf: np.ndarray,
    seps: np.ndarray,
    first_row: int,
    ids: list[str],
    freq: list[str] | None,
) -> _Block | None:
    ends = seps[:, 1:][:, layout.item_columns]
    lengths = ends - seps[:, :-1][:, layout.item_columns] - 1
    width = int(lengths.max())
    offsets = np.arange(width)
    gathered = buf[np.minimum(ends[..., None] - lengths[..., None] + offsets, len(buf) - 1)]
    gathered = np.where(offsets < lengths[..., None], gathered, 0).astype(np.uint8)
    if ((gathered <= _SPACE) & (gathered != 0)).any() or (gathered >= 128).any():
        return None
    text = np.ascontiguousarray(gathered).view(f"S{width}")[..., 0].astype(f"U{width}")
    return _Block(first_row, ids, freq, None, text)


def _field_texts(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str] | None:
    """The texts of one field in every line (start to separator); None when not UTF-8."""
    lengths = ends - starts
    offsets = np.arange(int(lengths.max()) + 1)
    grid = buf[np.minimum(starts[:, None] + offsets, len(buf) - 1)]
    grid[offsets > lengths[:, None]] = 0
    grid[np.arange(len(starts)), lengths] = _COMMA
    try:
        text = grid.tobytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.replace("\0", "").split(",")[:-1]


def _has_space(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> bool:
    first = buf[np.minimum(starts, len(buf) - 1)]
    last = buf[np.maximum(ends - 1, 0)]
    return bool(np.isin(first, (9, 32)).any() or np.isin(last, (9, 32)).any())


def _slow_block(layout: _Layout, chunk: bytes, first_row: int) -> _Block:
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_row + chunk[: error.start].count(b"\n")
        raise InputFileError(layout.path, "not UTF-8 text", line) from None
    records = csv.reader(_io.StringIO(text, newline=""))
    blocks = list(_records_to_blocks(layout, enumerate(records, start=first_row)))
    if not blocks:
        return _Block(first_row, [], None, None, None)
    if len(blocks) == 1:
        return blocks[0]
    text_values = [b.text for b in blocks if b.text is not None]
    width = max(t.dtype.itemsize for t in text_values) // 4
    return _Block(
        first_row,
        [i for b in blocks for i in b.ids],
        None if blocks[0].freq is None else [f for b in blocks for f in b.freq or []],
        None,
        np.concatenate([t.astype(f"U{width}") for t in text_values]),
        [r for b in blocks for r in b.rows()],
    )


def _csv_blocks(
    layout: _Layout, handle: BinaryIO, first_row: int, progress: Progress | None
) -> Iterator[_Block]:
    stream = _io.TextIOWrapper(handle, encoding="utf-8", newline="")
    position = handle.tell()
    try:
        for block in _records_to_blocks(layout, enumerate(csv.reader(stream), start=first_row)):
            yield block
            if progress is not None:
                now = handle.tell()
                progress(now - position)
                position = now
    except UnicodeDecodeError:
        raise InputFileError(layout.path, "not UTF-8 text") from None
    except csv.Error as error:
        raise InputFileError(layout.path, f"CSV syntax: {error}") from None
    finally:
        stream.detach()


def _records_to_blocks(
    layout: _Layout, records: Iterable[tuple[int, list[str]]]
) -> Iterator[_Block]:
    ncols = len(layout.header)
    batch: list[list[str]] = []
    rows: list[int] = []
    for row, record in records:
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) != ncols:
            raise InputFileError(
                layout.path, f"{len(record)} values, expected {ncols} as in the header", row
            )
        batch.append(record)
        rows.append(row)
        if len(batch) == _SLOW_ROWS:
            yield _batch_block(layout, batch, rows)
            batch, rows = [], []
    if batch:
        yield _batch_block(layout, batch, rows)


def _batch_block(layout: _Layout, batch: list[list[str]], rows: list[int]) -> _Block:
    table = np.char.strip(np.array(batch, dtype=str))
    rest = table[:, 1:]
    freq = rest[:, layout.freq_index].tolist() if layout.freq_index is not None else None
    consecutive = rows[-1] - rows[0] == len(rows) - 1
    return _Block(
        rows[0],
        table[:, 0].tolist(),
        freq,
        None,
        np.ascontiguousarray(rest[:, layout.item_columns]),
        None if consecutive else rows,
    )


def _raise_repeated_id(layout: _Layout, ids: list[str], rows: list[Iterable[int]]) -> None:
    seen: dict[str, int] = {}
    all_rows = (row for block_rows in rows for row in block_rows)
    for value, row in zip(ids, all_rows, strict=True):
        if value in seen:
            raise InputFileError(
                layout.path,
                f"id {value!r} already used in row {seen[value]}",
                row,
                layout.header[0],
            )
        seen[value] = row


def _parse_freq(layout: _Layout, block: _Block) -> np.ndarray:
    assert block.freq is not None and layout.freq_index is not None
    try:
        values = np.array(block.freq, dtype=np.float64)
    except ValueError:
        values = np.array([_to_float(text) for text in block.freq])
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        index = int(np.argmax(bad))
        raise InputFileError(
            layout.path,
            f"frequency {block.freq[index]!r} is not a positive number",
            block.row(index),
            layout.header[1 + layout.freq_index],
        )
    return values


def _to_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")
