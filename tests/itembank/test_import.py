"""Import is all or nothing, and a refused file lists every problem by row, field and reason."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied

from hallmark.itembank import transfer
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.interchange.csv_format import COLUMNS
from hallmark.itembank.models import Item

pytestmark = pytest.mark.django_db


def row(**cells: str) -> dict[str, str]:
    values = {
        "identifier": "",
        "competency": "1.1",
        "cognitive_level": "recall",
        "stem": "<p>Which law requires reasonable accommodation by employers of 15 or more?</p>",
        "option_a": "Title I of the Americans with Disabilities Act",
        "option_b": "The Fair Labor Standards Act",
        "option_c": "The Social Security Act",
        "option_d": "",
        "key": "A",
        "rationale": "Title I covers employment; the others do not require accommodation.",
        "references": "Americans with Disabilities Act of 1990, Title I",
        "author": "",
    }
    values.update(cells)
    return values


def csv_file(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def refused(program, data: bytes, actor, fmt: str = "csv") -> list[str]:
    with pytest.raises(transfer.ImportRefused) as error:
        transfer.import_items(program, data, fmt, actor)
    assert not Item.objects.filter(program=program).exists(), "nothing may be imported"
    return [str(p) for p in error.value.problems]


def test_a_good_file_imports_every_item_as_drafts(program, cast) -> None:
    data = csv_file(
        row(identifier="Q-1"), row(identifier="Q-2", status="operational", enemies="Q-1")
    )
    items = transfer.import_items(program, data, "csv", cast.writer)
    assert [i.identifier for i in items] == ["Q-1", "Q-2"]
    assert {i.status for i in items} == {ItemStatus.DRAFT}
    assert all(i.author == cast.writer for i in items)
    assert [e.identifier for e in items[1].enemies.all()] == ["Q-1"]
    assert items[0].events.get().kind == "imported"


def test_it_lists_every_kind_of_problem_and_imports_nothing(program, cast) -> None:
    data = csv_file(
        row(identifier="Q-1"),
        row(identifier="Q-1"),  # duplicate identifier in the file
        row(identifier="Q-3", key=""),  # missing key
        row(identifier="Q-4", key="D"),  # key not among the options (D is empty)
        row(identifier="Q-5", competency="7.7"),  # unknown competency
        row(identifier="Q-6", stem="<p>Which?</p><script>alert(1)</script>"),  # bad markup
        row(identifier="Q-7", stem='<p>Which?</p><img src="chart.png">'),  # image without alt
    )
    problems = refused(program, data, cast.writer)
    assert "row 3 (Q-1): identifier: duplicate identifier Q-1 (also row 2)" in problems
    assert "row 4 (Q-3): key: missing key" in problems
    assert "row 5 (Q-4): key: key D is not among the options (A to C)" in problems
    assert any(p.startswith("row 6 (Q-5): competency: unknown competency 7.7") for p in problems)
    assert "row 7 (Q-6): stem: bad markup: <script> is not allowed in a stem" in problems
    assert (
        'row 8 (Q-7): stem: image without alt text: describe every image in its alt="..."'
        in problems
    )


def test_an_identifier_already_in_the_bank_is_a_duplicate(program, cast) -> None:
    transfer.import_items(program, csv_file(row(identifier="Q-1")), "csv", cast.writer)
    with pytest.raises(transfer.ImportRefused) as error:
        transfer.import_items(program, csv_file(row(identifier="Q-1")), "csv", cast.writer)
    assert [str(p) for p in error.value.problems] == [
        "row 2 (Q-1): identifier: duplicate identifier: TST already has Q-1"
    ]


def test_header_problems_are_named(program, cast) -> None:
    data = csv_file(row(), columns=("competency", "stem", "option_a", "optoin_b", "key"))
    problems = refused(program, data, cast.writer)
    assert "header: option_b: missing column" in problems
    assert "header: optoin_b: unknown column (see the documented columns)" in problems


def test_other_problems_are_named_too(program, cast) -> None:
    data = csv_file(
        row(identifier="1-starts-with-a-digit"),
        row(identifier="Q-2", enemies="Q-404", cognitive_level="synthesis", status="shelved"),
        row(identifier="Q-3", author="nobody@example.org"),
        row(identifier="Q-4", option_b="", option_c=""),
    )
    problems = refused(program, data, cast.writer)
    assert any("identifier" in p and "start with a letter" in p for p in problems)
    assert "row 3 (Q-2): enemies: unknown enemy Q-404 (not in the file or the bank)" in problems
    assert any(p.startswith("row 3 (Q-2): cognitive level:") for p in problems)
    assert any(p.startswith('row 3 (Q-2): status: "shelved" is not a status') for p in problems)
    assert "row 4 (Q-3): author: no account has the email address nobody@example.org" in problems
    assert "row 5 (Q-4): options: an item needs at least 2 options, this one has 1" in problems


def test_a_writer_imports_only_their_own_items(program, cast) -> None:
    data = csv_file(row(author=cast.reviewer.email))
    assert refused(program, data, cast.writer) == [
        "row 2: author: you may import only your own items, not reviewer@example.org's"
    ]
    items = transfer.import_items(program, data, "csv", cast.manager)
    assert items[0].author == cast.reviewer


def test_statuses_are_kept_only_on_request_and_with_the_permission(program, cast) -> None:
    data = csv_file(row(identifier="Q-1", status="operational"))
    with pytest.raises(PermissionDenied):
        transfer.import_items(program, data, "csv", cast.writer, keep_status=True)
    items = transfer.import_items(program, data, "csv", cast.manager, keep_status=True)
    assert items[0].status == ItemStatus.OPERATIONAL


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", "candidate", "outsider"])
def test_only_writers_and_managers_import(program, cast, who) -> None:
    with pytest.raises(PermissionDenied):
        transfer.import_items(program, csv_file(row()), "csv", getattr(cast, who))


def test_a_file_that_is_not_utf8_or_not_a_package_is_refused(program, cast) -> None:
    assert refused(program, "stem\n\xe9".encode("latin-1"), cast.writer)[0].startswith(
        "file: encoding: not UTF-8"
    )
    assert refused(program, b"PK\x03\x04 broken", cast.writer, "qti")[0].startswith(
        "package: zip: not a readable zip file"
    )
