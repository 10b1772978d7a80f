"""Reading a test vendor's result file: a CSV of candidates and their responses per item.

    candidate,CESP-0001,CESP-0002,...
    jordan.rivera@example.org,B,C,...

The first column holds each candidate's email address; the others are the item identifiers of
one form of the window (in any order). Cells are the options chosen (blank: omitted), for a
multiple-response item every option chosen joined by "|" ("A|C", kept sorted), or, for a file
of item-level scores, 1, 0 or blank. Everything is checked before anything is kept: every
problem is listed as `row N: field: what` (the header is row 1), and one problem refuses the
whole file.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import Lower

from hallmark.accounts.models import User
from hallmark.exams.data import SEAT_HOLDING
from hallmark.exams.models import Form, FormItem, Registration, TestingWindow
from hallmark.itembank.data import LABEL_SEPARATOR, OPTION_LABELS, SELECT_ALL, ItemKind
from hallmark.itembank.models import ItemVersion

# Control characters (other than tab and line ends) that PostgreSQL or a terminal would choke on.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class VendorFile:
    form: Form
    rows: list[tuple[Registration, dict[str, str]]]  # registration, position -> cell


def _form_of(window: TestingWindow, identifiers: list[str]) -> tuple[Form | None, list[str]]:
    forms = list(window.forms.all())
    for form in forms:
        on_form = set(form.items.values_list("item_version__item__identifier", flat=True))
        if set(identifiers) <= on_form:
            return form, []
    known = set(
        FormItem.objects.filter(form__in=forms).values_list(
            "item_version__item__identifier", flat=True
        )
    )
    unknown = [i for i in identifiers if i not in known]
    if unknown:
        return None, [f"row 1: item {i}: unknown item (on no form of {window})" for i in unknown]
    return None, [f"row 1: items: the items are not all on one form of {window}"]


def _header(window: TestingWindow, header: list[str]) -> tuple[Form | None, list[str]]:
    if len(header) < 2 or header[0].strip().lower() != "candidate":
        return None, ["row 1: header: the first column must be 'candidate', then item identifiers"]
    if any(CONTROL.search(h) for h in header):
        return None, ["row 1: header: contains a control character"]
    identifiers = [h.strip() for h in header[1:]]
    repeated = sorted({i for i in identifiers if identifiers.count(i) > 1})
    if repeated:
        return None, [f"row 1: item {i}: appears twice" for i in repeated]
    form, problems = _form_of(window, identifiers)
    if form is not None:
        scored = set(form.scored_items().values_list("item_version__item__identifier", flat=True))
        missing = sorted(scored - set(identifiers))
        problems = [f"row 1: item {i}: a scored item of {form} is missing" for i in missing]
    return form, problems


def _cell(value: str, version: ItemVersion, scored: bool) -> tuple[str, str | None]:
    """The cell as kept ("C|A" becomes "A|C"), and what is wrong with it (None: nothing)."""
    if value == "":
        return value, None
    if scored:
        return value, None if value in ("0", "1") else "is not 1, 0 or blank"
    labels = OPTION_LABELS[: len(version.options)]
    chosen = [label.strip() for label in value.split(LABEL_SEPARATOR)]
    if any(label not in labels for label in chosen):
        return value, "is not an option of the item or blank"
    if version.kind != ItemKind.MULTIPLE:
        if len(chosen) > 1:
            return value, "names several options; a single-answer item takes one"
        return value, None
    if len(set(chosen)) != len(chosen):
        return value, "names an option twice"
    if version.select != SELECT_ALL and len(chosen) > version.select:
        return value, f"names {len(chosen)} options; the item says select {version.select}"
    return LABEL_SEPARATOR.join(sorted(chosen)), None


def file_problem(file_name: str, size: int, data: bytes | None = None) -> str | None:
    """Why a file cannot be read at all (too large, not UTF-8), as a problem line; else None."""
    limit = settings.HALLMARK_IMPORT_MAX_BYTES
    if size > limit:
        return f"{file_name}: file: size: {size:,} bytes; a file can be at most {limit:,} bytes"
    try:
        (data or b"").decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return f"{file_name}: file: encoding: not UTF-8 (byte {error.start}): save it as UTF-8"
    return None


def _records(text: str) -> list[list[str]]:
    """Every CSV record; a cell over the csv module's 128 KB limit or bad quoting is a problem."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as error:
        raise ValueError(f"row {reader.line_num}: cells: not readable as CSV ({error})") from None
    return records


def read_vendor_file(window: TestingWindow, text: str, *, scored: bool = False) -> VendorFile:
    """Parse and check the whole file; raise ValueError listing every problem with its row."""
    records = _records(text)
    if not records:
        raise ValueError("row 1: header: the file is empty")
    header = records[0]
    reader = enumerate(records[1:], start=2)
    form, problems = _header(window, header)
    if form is None:
        raise ValueError("\n".join(_one_line(p) for p in problems))
    items = {
        fi.item_version.item.identifier: fi
        for fi in form.items.select_related("item_version__item")
    }
    columns = [items[h.strip()] for h in header[1:]]
    rows: list[tuple[Registration, dict[str, str]]] = []
    seen: set[str] = set()
    for number, row in reader:
        if not any(cell.strip() for cell in row):
            continue
        email = row[0].strip()[:200] if row else ""
        if len(row) != len(header):
            problems.append(f"row {number}: cells: {len(row)} cells, the header has {len(header)}")
            continue
        if CONTROL.search(email):
            problems.append(f"row {number}: candidate: contains a control character")
            continue
        if email.lower() in seen:
            problems.append(f"row {number}: candidate: {email} appears twice")
            continue
        seen.add(email.lower())
        person = User.objects.annotate(e=Lower("email")).filter(e=email.lower()).first()
        if person is None:
            problems.append(f"row {number}: candidate: unknown candidate {email or '(blank)'}")
            continue
        registration = Registration.objects.filter(
            candidate=person, window=window, status__in=SEAT_HOLDING
        ).first()
        if registration is None:
            problems.append(f"row {number}: candidate: {email} is not registered in {window}")
            continue
        answers = {}
        for form_item, cell in zip(columns, row[1:], strict=True):
            value, problem = _cell(cell.strip(), form_item.item_version, scored)
            if problem:
                problems.append(
                    f"row {number}: item {form_item.item_version.item.identifier}: "
                    f"{value[:20]!r} {problem}"
                )
            answers[str(form_item.position)] = value
        rows.append((registration, answers))
    if not rows and not problems:
        problems.append("file: rows: the file has no candidate rows")
    if problems:
        raise ValueError("\n".join(_one_line(p) for p in problems))
    return VendorFile(form, rows)


def _one_line(problem: str) -> str:
    """A problem as one line, whatever a cell held: control characters and line ends escaped."""
    return LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], problem)
