"""CSV: one row per item, options as columns.

Columns (the header names them; order does not matter):

| column | meaning |
| --- | --- |
| identifier | the item's identifier; empty: Hallmark numbers it |
| competency | the competency code in the program's current outline, e.g. 2.3 |
| cognitive_level | recall, application or analysis |
| stem | the question; a small set of HTML tags is allowed |
| option_a ... option_f | the options; at least A and B |
| key | the right option's letter; several separated by ";" after a rekey |
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
from hallmark.itembank.data import OPTION_LABELS
from hallmark.itembank.interchange.records import Context, Parsed, Record

OPTION_COLUMNS = tuple(f"option_{label.lower()}" for label in OPTION_LABELS)
COLUMNS = (
    "identifier",
    "competency",
    "cognitive_level",
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
SEPARATORS = re.compile(r"[;,\s]+")


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
        parsed.records.append(
            Record(
                where=where,
                identifier=cell["identifier"].strip(),
                content=Content(
                    competency=cell["competency"],
                    cognitive_level=cell["cognitive_level"],
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
                content.competency,
                content.cognitive_level,
                content.stem,
                *options,
                ";".join(content.keys),
                content.rationale,
                "\n".join(content.references),
                "; ".join(record.enemies),
                record.author,
                record.status,
                "yes" if record.is_synthetic else "",
            ]
        )
    return out.getvalue().encode("utf-8")
