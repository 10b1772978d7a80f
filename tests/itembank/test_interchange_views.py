"""Import and export on the staff pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.itembank.data import AccessKind
from hallmark.itembank.models import Item, ItemAccessLog

pytestmark = pytest.mark.django_db

GOOD = (
    "competency,cognitive_level,stem,option_a,option_b,key\n"
    "1.1,recall,<p>Who decides about disclosure?</p>,The job seeker,The employer,A\n"
)
BAD = "competency,cognitive_level,stem,option_a,option_b,key\n1.1,recall,<p>Q</p>,Yes,No,C\n"


def test_a_writer_imports_a_file(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:import")
    page = client.get(url).content.decode()
    assert "Keep the statuses" not in page  # only with the permission
    response = client.post(
        url, {"program": "TST", "file": SimpleUploadedFile("new.csv", GOOD.encode())}
    )
    assert response.status_code == 302
    assert Item.objects.get().author == cast.writer


def test_a_bad_file_is_refused_with_its_problems(client, cast, program) -> None:
    client.force_login(cast.manager)
    page = client.post(
        reverse("itembank:import"),
        {"program": "TST", "file": SimpleUploadedFile("bad.csv", BAD.encode())},
    ).content.decode()
    assert "Nothing was imported: 1 problem" in page
    assert "row 2: key: key C is not among the options (A to B)" in page
    assert not Item.objects.exists()


def test_an_export_downloads_a_file_and_is_logged(client, cast, make_item) -> None:
    make_item()
    client.force_login(cast.psychometrician)
    response = client.post(reverse("itembank:export"), {"program": "TST", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="TST-items.csv"'
    assert b"TST-00001" in response.content
    log = ItemAccessLog.objects.get(kind=AccessKind.EXPORT)
    assert log.actor == cast.psychometrician and log.identifiers == ["TST-00001"]


@pytest.mark.parametrize("who", ["writer", "reviewer", "candidate", "outsider"])
def test_exports_are_for_psychometricians_and_managers(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    url = reverse("itembank:export")
    assert client.post(url, {"program": "TST", "format": "csv"}).status_code == 403


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", "candidate", "outsider"])
def test_imports_are_for_writers_and_managers(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(reverse("itembank:import")).status_code == 403
