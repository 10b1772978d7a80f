"""Fuzz: any bytes given to an item importer are refused with problem lines, or imported.

Never another exception: arbitrary bytes, and valid CSV files and QTI packages and items with a
few bytes inserted, replaced, deleted or cut off (inside the package's members too).
"""

import io
import zipfile

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ, files, mutated
from hallmark.itembank import services, transfer
from itembank.test_import import csv_file, row
from itembank.test_round_trip import PNG, QTI_21

pytestmark = pytest.mark.django_db


class _Imported(Exception):
    """Raised inside the import's transaction so that each example starts from the same bank."""


def refused_or_imported(program, data: bytes, fmt: str, actor) -> None:
    try:
        with transaction.atomic():
            transfer.import_items(program, data, fmt, actor, keep_status=True)
            raise _Imported
    except _Imported:
        return
    except transfer.ImportRefused as refused:
        assert refused.problems
        for problem in refused.problems:
            line = problem.line("f")
            assert line.startswith("f: ") and "\n" not in line and "\r" not in line


@pytest.fixture
def valid_package(program, cast, new_content) -> bytes:
    item = services.create_item(program, new_content(), cast.writer)
    services.attach_image(item, "chart.png", PNG, "Weekly hours", cast.writer)
    package, _ = transfer.export_items(program, "qti", cast.manager)
    return package


@st.composite
def repacked(draw: st.DrawFn, package: bytes) -> bytes:
    """The package with one member mutated (or renamed), zipped again so the zip itself is sound."""
    members = {i.filename: zipfile.ZipFile(io.BytesIO(package)).read(i) for i in
               zipfile.ZipFile(io.BytesIO(package)).infolist()}  # fmt: skip
    name = draw(st.sampled_from(sorted(members)))
    if draw(st.booleans()):
        members[name] = draw(mutated(members[name]))
    else:
        members[draw(st.sampled_from(["../" + name, "/" + name, name + "/", "x\\" + name]))] = (
            members.pop(name)
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    return out.getvalue()


@FUZZ
@given(data=st.data())
def test_the_csv_importer_refuses_or_imports(program, cast, data) -> None:
    valid = csv_file(row(identifier="Z-1"), row(identifier="Z-2", enemies="Z-1"))
    refused_or_imported(program, data.draw(files(valid)), "csv", cast.manager)


@FUZZ
@given(data=st.data())
def test_the_qti_package_importer_refuses_or_imports(program, cast, valid_package, data) -> None:
    package = data.draw(files(valid_package) | repacked(valid_package))
    refused_or_imported(program, package, "qti", cast.manager)


@FUZZ
@given(data=st.data())
def test_the_qti_item_importer_refuses_or_imports(program, cast, data) -> None:
    refused_or_imported(program, data.draw(files(QTI_21)), "qti", cast.manager)
