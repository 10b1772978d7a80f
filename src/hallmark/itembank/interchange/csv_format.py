"""CSV: one row per item, options as columns.

Columns (the header names them; order does not matter):

| column | meaning |
| --- | --- |
| identifier | the item's identifier; empty: Hallmark numbers it |
| source_identifier | the item's identifier in the bank it came from (kept, shown on its page) |
| set | the identifier of the program's case set the item belongs to, if any |
| competency | the competency code in the program's current outline, e.g. 2.3 |
| cognitive_level | recall, application or analysis |
| type | single (the default) or multiple (multiple response) |
| select | multiple response: how many options to select (2 or more), or "all" |
| stem | the question; a small set of HTML tags is allowed |
| option_a ... option_f | the options; at least A and B |
| key | the right option's letter; multiple response: every key, "A|C"; rekeyed: "B;E" |
| rationale | why the key is right and each distractor wrong |
| references | source citations, one per line |
| enemies | identifiers of items never to share a form, separated by ";" |
| author | the author's email address |
| status | the workflow status (kept only with --keep-status) |
| synthetic | "yes" for generated items |
"""

import csv
import io
import re

from hallmark import csv_cells
from hallmark.itembank.content import Content, Problem, control_character
from hallmark.itembank.data import LABEL_SEPARATOR, OPTION_LABELS, SELECT_ALL, ItemKind
from hallmark.itembank.interchange.records import Context, Parsed, Record

OPTION_COLUMNS = tuple(f"option_{label.lower()}" for label in OPTION_LABELS)
COLUMNS = (
    "identifier",
    "source_identifier",
    "set",
    "competency",
    "cognitive_level",
    "type",
    "select",
    "stem",
    *OPTION_COLUMNS,
    "key",
    "rationale",
    "references",
    "enemies",
    "author",
    "status",
    "synthetic",
)
REQUIRED = ("competency", "stem", "option_a", "option_b", "key")
YES = {"yes", "true", "1", "y"}
NO = {"", "no", "false", "0", "n"}
SEPARATORS = re.compile(r"[;,|\s]+")


def _shown(name: str) -> str:
    """A header name as a problem line shows it: short, control characters escaped."""
    if not name:
        return "(empty)"
    if len(name) > 40 or control_character(name):
        return repr(name[:40])
    return name


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part for part in SEPARATORS.split(value.strip()) if part)


def read(data: bytes) -> Parsed:
    parsed = Parsed()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        parsed.problems.append(
            Problem("file", "encoding", f"not UTF-8 (byte {error.start}): save the file as UTF-8")
        )
        return parsed
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _read_rows(reader, parsed)
    except csv.Error as error:
        # A cell over the csv module's limit (128 KB) or a stray quote: the rest is unreadable.
        parsed.problems.append(
            Problem(f"row {reader.reader.line_num}", "cells", f"not readable as CSV ({error})")
        )
    return parsed


def _read_rows(reader: "csv.DictReader[str]", parsed: Parsed) -> None:
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if not header:
        parsed.problems.append(Problem("file", "header", "the file is empty"))
        return
    reader.fieldnames = header
    for name in REQUIRED:
        if name not in header:
            parsed.problems.append(Problem("header", name, "missing column"))
    for name in header:
        if name not in COLUMNS:
            parsed.problems.append(
                Problem(
                    "header",
                    _shown(name),
                    "unknown column (see the documented columns)",
                )
            )
    if parsed.problems:
        return
    for row in reader:
        line = reader.line_num
        if None in row:
            parsed.problems.append(Problem(f"row {line}", "columns", "more cells than columns"))
            continue
        # Cells that Hallmark quoted against formulas on export come back as they were.
        cell = {name: csv_cells.restore(row.get(name) or "") for name in COLUMNS}
        if not any(value.strip() for value in cell.values()):
            continue  # blank lines at the end of a spreadsheet export
        where = f"row {line}"
        synthetic = cell["synthetic"].strip().lower()
        if synthetic not in YES | NO:
            parsed.problems.append(Problem(where, "synthetic", f'"{synthetic}" is not yes or no'))
        kind = cell["type"].strip().lower() or ItemKind.SINGLE
        select, problem = _select(kind, cell["select"].strip().lower())
        if problem:
            parsed.problems.append(Problem(where, "select", problem))
        parsed.records.append(
            Record(
                where=where,
                identifier=cell["identifier"].strip(),
                source_identifier=cell["source_identifier"].strip(),
                item_set=cell["set"].strip(),
                content=Content(
                    competency=cell["competency"],
                    cognitive_level=cell["cognitive_level"],
                    kind=kind,
                    select=select,
                    stem=cell["stem"],
                    options=tuple(cell[name] for name in OPTION_COLUMNS),
                    keys=split_list(cell["key"]),
                    rationale=cell["rationale"],
                    references=tuple(cell["references"].replace("\r\n", "\n").split("\n")),
                ),
                enemies=split_list(cell["enemies"]),
                author=cell["author"].strip(),
                status=cell["status"].strip().lower(),
                is_synthetic=synthetic in YES,
            )
        )


def _select(kind: str, cell: str) -> tuple[int, str]:
    """The `select` cell as a number (SELECT_ALL for "all"), and what is wrong with it."""
    if kind != ItemKind.MULTIPLE:
        return 1, "" if cell in {"", "1"} else "a single-answer item selects one option"
    if cell == "all":
        return SELECT_ALL, ""
    if cell.isdigit() and int(cell) >= 2:
        return int(cell), ""
    shown = f'"{cell}"' if cell else "missing"
    return 2, f'{shown}: write how many options to select (2 or more), or "all"'


def _select_cell(content: Content) -> str:
    if content.kind != ItemKind.MULTIPLE:
        return ""
    return "all" if content.select == SELECT_ALL else str(content.select)


def write(records: list[Record], context: Context) -> bytes:
    out = io.StringIO(newline="")
    writer = csv_cells.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        content = record.content
        options = list(content.options) + [""] * (len(OPTION_COLUMNS) - len(content.options))
        writer.writerow(
            [
                record.identifier,
                record.source_identifier,
                record.item_set,
                content.competency,
                content.cognitive_level,
                content.kind,
                _select_cell(content),
                content.stem,
                *options,
                (LABEL_SEPARATOR if content.kind == ItemKind.MULTIPLE else ";").join(content.keys),
                content.rationale,
                "\n".join(content.references),
                "; ".join(record.enemies),
                record.author,
                record.status,
                "yes" if record.is_synthetic else "",
            ]
        )
    return out.getvalue().encode("utf-8")
