"""The import page for a newcomer: a wrong file named for what it is, a template, a guide."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hallmark.accounts.models import Job
from hallmark.itembank import services
from hallmark.itembank.models import Item

pytestmark = pytest.mark.django_db

EXPECTED = "upload a CSV file (.csv) or a QTI 3.0 package (.zip)"


def zipped(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in members.items():
            package.writestr(name.replace("__", "/"), data)
    return out.getvalue()


def empty_zip() -> bytes:
    return zipped()


def no_items(name: str, kind: str) -> str:
    return f"{name} is {kind}, not an item file: {EXPECTED}."


XLSX = zipped(**{"[Content_Types].xml": b"<x/>", "xl__workbook.xml": b"<x/>"})
# (file name, its bytes, what the refusal says)
WRONG_FILES = [
    ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", no_items("logo.png", "a PNG image")),
    ("photo.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF", no_items("photo.csv", "a JPEG image")),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00", no_items("anim.gif", "a GIF image")),
    ("handbook.pdf", b"%PDF-1.7\n%\xe2\xe3", no_items("handbook.pdf", "a PDF document")),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", no_items("setup.exe", "a Windows program")),
    ("empty.csv", b"", f"empty.csv is empty: {EXPECTED}."),
    ("blob.bin", b"\x01\x02\x00\x03binary", no_items("blob.bin", "a binary file")),
    ("none.zip", empty_zip(), f"none.zip is an empty zip file: {EXPECTED}."),
    (
        "photos.zip",
        zipped(a__b_png=b"x"),
        "photos.zip is a zip file without imsmanifest.xml at its top, so not a QTI package",
    ),
    (
        "items.xlsx",
        XLSX,
        "items.xlsx is an Excel workbook, not an item file: "
        "save it as CSV UTF-8 and upload the .csv file.",
    ),
    ("items.csv", "id,stem\n".encode("utf-16"), "items.csv is UTF-16 text: save it as CSV UTF-8"),
]
PLAIN = WRONG_FILES[:8]


@pytest.mark.parametrize(("name", "data", "said"), WRONG_FILES, ids=[w[0] for w in WRONG_FILES])
def test_a_file_that_is_no_item_file_is_named_on_the_page(
    client, cast, program, name, data, said
) -> None:
    client.force_login(cast.manager)
    response = client.post(
        reverse("itembank:import"), {"program": "TST", "file": SimpleUploadedFile(name, data)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert said in page.replace("&#x27;", "'")
    assert "well-formed" not in page and "not UTF-8" not in page
    assert not Item.objects.exists()


def test_a_large_wrong_file_is_refused_on_the_page_not_left_to_a_job(
    client, cast, program, settings
) -> None:
    settings.HALLMARK_IMPORT_JOB_BYTES = 1024
    client.force_login(cast.writer)
    big = b"%PDF-1.7\n" + b"0" * 4096
    upload = SimpleUploadedFile("manual.pdf", big)
    page = client.post(reverse("itembank:import"), {"program": "TST", "file": upload})
    assert no_items("manual.pdf", "a PDF document") in page.content.decode()
    assert not Job.objects.exists() and not Item.objects.exists()


def test_a_csv_named_zip_is_read_as_csv_and_a_mismatched_format_is_named(
    client, cast, program
) -> None:
    client.force_login(cast.writer)
    csv = b"competency,cognitive_level,stem,option_a,option_b,key\n1.1,recall,<p>Q?</p>,Yes,No,A\n"
    url = reverse("itembank:import")
    page = client.post(
        url, {"program": "TST", "format": "qti", "file": SimpleUploadedFile("a.zip", csv)}
    ).content.decode()
    assert "a.zip is text (a CSV file), but the format chosen is QTI: choose CSV" in page
    assert not Item.objects.exists()
    response = client.post(url, {"program": "TST", "file": SimpleUploadedFile("a.zip", csv)})
    assert response.status_code == 302
    assert Item.objects.get().current_version.stem == "<p>Q?</p>"


def test_the_file_input_says_which_files_to_choose(client, cast, program) -> None:
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:import")).content.decode()
    assert 'accept=".csv,.zip,text/csv,application/zip,.xml"' in page
    assert f'href="{reverse("itembank:import_guide")}"' in page
    assert f'href="{reverse("itembank:import_template")}?program=TST"' in page


@pytest.mark.parametrize(("name", "data", "said"), PLAIN, ids=[w[0] for w in PLAIN])
def test_the_command_names_a_wrong_file_in_one_line_with_status_2(
    program, tmp_path, capsys, name, data, said
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SystemExit) as exit_:
        call_command("items", "import", str(path), "--program", "TST")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() == said.replace(name, str(path), 1)
    assert not Item.objects.exists()


def test_the_command_refuses_a_zip_without_a_manifest(program, tmp_path, capsys) -> None:
    path = tmp_path / "photos.zip"
    path.write_bytes(zipped(photo_png=b"x"))
    with pytest.raises(SystemExit) as exit_:
        call_command("items", "import", str(path), "--program", "TST", "--format", "qti")
    assert exit_.value.code == 2
    assert "without imsmanifest.xml at its top" in capsys.readouterr().err


def test_the_template_of_a_program_imports_as_it_is(client, cast, program) -> None:
    client.force_login(cast.writer)
    response = client.get(reverse("itembank:import_template") + "?program=TST")
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="TST-items-template.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith(
        "identifier,source_identifier,set,competency,cognitive_level,type,select,stem,option_a"
    )
    codes = list(services.outline_competencies(program))
    upload = SimpleUploadedFile("template.csv", response.content)
    imported = client.post(reverse("itembank:import"), {"program": "TST", "file": upload})
    assert imported.status_code == 302
    items = Item.objects.order_by("identifier")
    assert [i.current_version.competency.code for i in items] == [codes[0], codes[-1], codes[0]]
    assert [list(i.current_version.keys) for i in items] == [["A"], ["A", "C"], ["A", "C"]]
    assert [(i.current_version.kind, i.current_version.select) for i in items] == [
        ("single", 1),
        ("single", 1),
        ("multiple", 2),
    ]


def test_the_generic_template_imports_once_a_real_competency_is_filled_in(
    client, cast, program
) -> None:
    client.force_login(cast.writer)
    generic = client.get(reverse("itembank:import_template")).content.decode()
    real = list(services.outline_competencies(program))[-1]
    assert real != "1.1" and ",1.1," in generic
    filled = generic.replace(",1.1,", f",{real},")
    upload = SimpleUploadedFile("mine.csv", filled.encode())
    response = client.post(reverse("itembank:import"), {"program": "TST", "file": upload})
    assert response.status_code == 302
    assert {i.current_version.competency.code for i in Item.objects.all()} == {real}
    assert Item.objects.count() == 3


def test_the_template_of_an_unknown_program_is_not_found(client, cast, program) -> None:
    client.force_login(cast.writer)
    assert client.get(reverse("itembank:import_template") + "?program=NOPE").status_code == 404


def test_the_guide_explains_every_column_and_the_package(client, cast, program) -> None:
    from hallmark.itembank.interchange.csv_format import COLUMNS

    client.force_login(cast.writer)
    page = client.get(reverse("itembank:import_guide")).content.decode()
    shown = set(COLUMNS) - {f"option_{x}" for x in "bcde"}  # A to F shown as a range
    for column in shown:
        assert f"<code>{column}</code>" in page
    assert "imsmanifest.xml" in page and "qti-assessment-item" in page


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", "candidate", "outsider"])
def test_the_guide_and_template_are_for_those_who_import(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(reverse("itembank:import_guide")).status_code == 403
    assert client.get(reverse("itembank:import_template")).status_code == 403
