"""A malformed vendor file is refused with problem lines: exit 2, or the page with 200, never a
traceback or a 500, and nothing is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hallmark.results import services
from hallmark.results.models import VendorImport
from results.test_vendor_import import KEYS, csv_text

from factories import RegistrationFactory, scoring_ground

pytestmark = pytest.mark.django_db


@pytest.fixture
def ground(cast):
    _program, form, window = scoring_ground(KEYS, "3", cast.manager)
    return form, window, [RegistrationFactory(window=window) for _ in range(3)]


def huge_cell(form) -> str:
    return csv_text(form, [("x" * 200_000 + "@example.org", "ABCD")])


def test_a_cell_over_the_csv_field_limit_is_a_problem_line(cast, ground) -> None:
    form, window, _seats = ground
    with pytest.raises(ValidationError) as caught:
        services.import_vendor_file(window, huge_cell(form), file_name="v.csv", by=None)
    assert caught.value.messages == [
        "v.csv: row 2: cells: not readable as CSV (field larger than field limit (131072))"
    ]


def test_a_control_character_in_an_email_is_a_problem_line(cast, ground) -> None:
    form, window, seats = ground
    text = csv_text(form, [(seats[0].candidate.email + "\x00", "ABCD")])
    with pytest.raises(ValidationError) as caught:
        services.import_vendor_file(window, text, file_name="v.csv", by=None)
    assert caught.value.messages == ["v.csv: row 2: candidate: contains a control character"]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("huge", "v.csv: row 2: cells: not readable as CSV"),
        (b"candidate,Q\n\xe9@example.org,A\n", "v.csv: file: encoding: not UTF-8 (byte 12)"),
        ("big", "v.csv: file: size: "),
    ],
)
def test_the_verb_prints_problem_lines_and_exits_2(
    cast,
    ground,
    tmp_path,
    capsys,
    settings,
    data,
    line,
) -> None:
    form, window, _seats = ground
    if data == "big":
        settings.HALLMARK_IMPORT_MAX_BYTES = 10
        data = csv_text(form, []).encode()
    path = tmp_path / "v.csv"
    path.write_bytes(huge_cell(form).encode() if data == "huge" else data)
    with pytest.raises(SystemExit) as exit_:
        call_command("results", "import", str(path), "--window", str(window.pk))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(line) and "v.csv: 1 problem; nothing was imported." in err
    assert VendorImport.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("huge", "v.csv: row 2: cells: not readable as CSV"),
        (b"candidate,Q\n\xe9@example.org,A\n", "v.csv: file: encoding: not UTF-8 (byte 12)"),
        ("big", "v.csv: file: size: "),
    ],
)
def test_the_page_lists_the_problems_with_200(
    client,
    cast,
    ground,
    settings,
    data,
    line,
) -> None:
    form, window, _seats = ground
    if data == "big":
        settings.HALLMARK_IMPORT_MAX_BYTES = 10
        data = csv_text(form, []).encode()
    upload = huge_cell(form).encode() if data == "huge" else data
    client.force_login(cast.psychometrician)
    response = client.post(
        reverse("results:window", args=[window.pk]),
        {"action": "import", "file": SimpleUploadedFile("v.csv", upload)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported: 1 problem" in page and line in page
    assert VendorImport.objects.count() == 0
