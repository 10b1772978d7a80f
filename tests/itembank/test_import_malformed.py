"""Malformed item files are refused with problem lines, never a traceback or a 500.

The crash classes of the security review: a QTI item with an undefined entity, a corrupt zip,
a CSV cell over the csv module's 128 KB field limit; and what guards against the rest: control
characters, zip bombs, member paths that leave the package, files over the upload limit.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hallmark.itembank import transfer
from hallmark.itembank.interchange import qti
from hallmark.itembank.models import Item
from itembank.test_import import csv_file, row
from itembank.test_round_trip import MANIFEST_22, QTI_21, package

pytestmark = pytest.mark.django_db

HUGE_CELL = csv_file(row(identifier="H-1", rationale="x" * 200_000))
# With an external DTD named (never loaded), libxml2 keeps an entity it cannot define as a node.
UNDEFINED_ENTITY = QTI_21.replace(
    b"?>", b'?>\n<!DOCTYPE assessmentItem SYSTEM "imsqti_v2p1.dtd">', 1
).replace(b"What is this request?", b"What is &nbsp; this request?")


def refused(program, data: bytes, actor, fmt: str) -> list[str]:
    with pytest.raises(transfer.ImportRefused) as error:
        transfer.import_items(program, data, fmt, actor)
    assert not Item.objects.filter(program=program).exists(), "nothing may be imported"
    return [str(p) for p in error.value.problems]


def deflated(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def corrupt_zip() -> bytes:
    """A package whose deflated item stream is damaged: zlib fails while unpacking it."""
    data = bytearray(deflated({"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": QTI_21 * 20}))
    start = data.index(b"q/choice22.xml") + len(b"q/choice22.xml")
    data[start + 10 : start + 60] = b"\xff" * 50
    return bytes(data)


def test_a_cell_over_the_csv_field_limit_is_a_problem_line(program, cast) -> None:
    problems = refused(program, HUGE_CELL, cast.writer, "csv")
    assert problems == [
        "row 2: cells: not readable as CSV (field larger than field limit (131072))"
    ]


def test_an_undefined_entity_is_a_problem_line(program, cast) -> None:
    assert refused(program, UNDEFINED_ENTITY, cast.writer, "qti") == [
        "item: markup: entity references are not allowed (&nbsp;)"
    ]
    declared = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>' + QTI_21.split(
        b"?>", 1
    )[1].replace(b"What is this request?", b"&a;&a;&a;")
    assert refused(program, declared, cast.writer, "qti") == [
        "item: markup: entity references are not allowed (&a;)"
    ]


def test_a_corrupt_zip_is_a_problem_line(program, cast) -> None:
    problems = refused(program, corrupt_zip(), cast.writer, "qti")
    assert len(problems) == 1
    assert problems[0].startswith("member q/choice22.xml: data: cannot be unpacked")


def test_a_zip_bomb_stops_at_the_member_limit(program, cast) -> None:
    bomb = deflated(
        {"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": b" " * (qti.MAX_MEMBER_BYTES + 1)}
    )
    assert len(bomb) < 100_000
    assert refused(program, bomb, cast.writer, "qti") == [
        "member q/choice22.xml: size: unpacks to more than 10 MB"
    ]


def test_the_total_and_the_member_count_are_capped(program, cast, monkeypatch) -> None:
    files = {"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": QTI_21}
    monkeypatch.setattr(qti, "MAX_UNPACKED_BYTES", len(MANIFEST_22) + 10)
    assert refused(program, package(files), cast.writer, "qti") == [
        "member q/choice22.xml: size: the package unpacks to more than 0 MB"
    ]
    monkeypatch.setattr(qti, "MAX_MEMBERS", 1)
    assert refused(program, package(files), cast.writer, "qti") == [
        "package: members: more than 1 files"
    ]


@pytest.mark.parametrize("name", ["../q/choice22.xml", "/etc/choice22.xml", "q\\..\\..\\x.xml"])
def test_a_member_path_outside_the_package_is_refused(program, cast, name) -> None:
    files = {"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": QTI_21, name: QTI_21}
    problems = refused(program, package(files), cast.writer, "qti")
    assert problems == [f"member {name!r}: name: the path leads outside the package"]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"stem": "<p>Which\x01 one?</p>"}, "row 2: stem: contains the control character U+0001"),
        ({"option_b": "No\x00"}, "row 2: options: contains the control character U+0000"),
        ({"author": "a\x00@example.org"}, "row 2: author: contains the control character U+0000"),
    ],
)
def test_control_characters_are_problem_lines(program, cast, cells, expected) -> None:
    problems = refused(program, csv_file(row(**cells)), cast.manager, "csv")
    assert [p for p in problems if p.startswith(expected)], problems


def test_a_file_over_the_limit_is_refused_unread(program, cast, settings) -> None:
    settings.HALLMARK_IMPORT_MAX_BYTES = 100
    data = csv_file(row())
    assert refused(program, data, cast.writer, "csv")[0].startswith(
        f"file: size: {len(data)} bytes; a file can be at most 100 bytes"
    )


def test_the_command_prints_file_and_problem_lines_and_exits_2(program, tmp_path, capsys) -> None:
    for name, data in [("huge.csv", HUGE_CELL), ("bad.xml", UNDEFINED_ENTITY)]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(SystemExit) as exit_:
            call_command("items", "import", str(path), "--program", "TST")
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{path}: ")
        assert "Traceback" not in err and f"{path}: 1 problem; nothing was imported." in err
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("huge.csv", HUGE_CELL, "huge.csv: row 2: cells: not readable as CSV"),
        ("bad.xml", UNDEFINED_ENTITY, "bad.xml: item: markup: entity references are not allowed"),
        (
            "broken.zip",
            corrupt_zip(),
            "broken.zip: member q/choice22.xml: data: cannot be unpacked",
        ),
    ],
)
def test_the_page_lists_the_problems_with_200(
    client, cast, program, settings, name, data, line
) -> None:
    settings.HALLMARK_IMPORT_JOB_BYTES = len(data)  # the page's own import, not a job
    client.force_login(cast.manager)
    response = client.post(
        reverse("itembank:import"), {"program": "TST", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert line in response.content.decode()
    assert not Item.objects.exists()


def test_the_page_refuses_an_upload_over_the_limit(client, cast, program, settings) -> None:
    settings.HALLMARK_IMPORT_MAX_BYTES = 100
    client.force_login(cast.manager)
    response = client.post(
        reverse("itembank:import"),
        {"program": "TST", "file": SimpleUploadedFile("big.csv", csv_file(row()))},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "big.csv: " in page and "a file can be at most 100 bytes" in page
    assert not Item.objects.exists()
