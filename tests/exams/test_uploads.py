"""Uploaded evidence: type by content, size limit, private storage, and who may open it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.exams.journey import applications
from hallmark.exams.models import Evidence
from hallmark.lib.storage import MAX_UPLOAD_BYTES, check_upload

from factories import JPEG, PASSWORD, PDF, PNG, EvidenceFactory

pytestmark = pytest.mark.django_db
DOCX = b"PK\x03\x04" + b"\x00" * 64  # a Word document is a zip file


@pytest.fixture
def draft(program, cast):
    return applications.start_application(cast.candidate, program, by=cast.candidate)


def education(application):
    return application.policy.criteria.get(code="education")


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_pdf_png_and_jpeg_are_accepted_by_their_content(draft, cast, content, content_type) -> None:
    upload = SimpleUploadedFile("scan", content, content_type="application/octet-stream")
    evidence = applications.add_evidence(draft, education(draft), upload, by=cast.candidate)
    assert evidence.content_type == content_type and evidence.size == len(content)
    assert evidence.original_name == "scan"


def test_a_wrong_type_is_refused_with_a_clear_message_whatever_its_name(draft, cast) -> None:
    upload = SimpleUploadedFile("diploma.pdf", DOCX, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        applications.add_evidence(draft, education(draft), upload, by=cast.candidate)
    assert refused.value.messages == [
        "diploma.pdf is not a PDF, a PNG image or a JPEG image: its content is of another kind, "
        "whatever its name says. Save or scan the document as a PDF, PNG or JPEG and upload that."
    ]
    assert not Evidence.objects.exists()


def test_an_oversize_file_is_refused_with_a_clear_message(draft, cast) -> None:
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as refused:
        applications.add_evidence(draft, education(draft), big, by=cast.candidate)
    assert refused.value.messages == [
        "scan.pdf is too large (10.0 MB): a file can be at most 10 MB. Scan at a lower "
        "resolution or split the document."
    ]
    exactly = SimpleUploadedFile("limit.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF)))
    assert check_upload(exactly).size == MAX_UPLOAD_BYTES


def test_an_empty_file_is_refused(draft, cast) -> None:
    with pytest.raises(ValidationError, match="empty"):
        check_upload(SimpleUploadedFile("blank.pdf", b""))


def test_the_upload_page_shows_the_refusals_on_the_field(client, draft, cast) -> None:
    client.force_login(cast.candidate)
    url = reverse("exams:application-evidence", args=[draft.pk])
    page = client.post(
        url,
        {"criterion": education(draft).pk, "file": SimpleUploadedFile("cv.pdf", DOCX)},
    ).content.decode()
    assert "There is a problem" in page
    assert "cv.pdf is not a PDF, a PNG image or a JPEG image" in page
    assert not Evidence.objects.exists()
    response = client.post(
        url, {"criterion": education(draft).pk, "file": SimpleUploadedFile("ok.pdf", PDF)}
    )
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "ok.pdf"


def test_files_are_stored_privately_under_a_random_name_without_a_url(
    draft, cast, private_dir
) -> None:
    evidence = applications.add_evidence(
        draft, education(draft), SimpleUploadedFile("my-diploma.pdf", PDF), by=cast.candidate
    )
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(private_dir).resolve())
    assert path.read_bytes() == PDF
    assert "my-diploma" not in path.name and path.suffix == ".pdf"
    with pytest.raises(ValueError, match="no URL"):
        evidence.file.url  # noqa: B018


def test_a_file_is_served_to_its_owner_and_to_officers_only(client, cast) -> None:
    evidence = EvidenceFactory(application__candidate=cast.candidate)
    url = reverse("exams:evidence-file", args=[evidence.pk])
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    for person, status in [
        (cast.outsider, 404),
        (cast.proctor, 404),
        (cast.manager, 404),
        (cast.candidate, 200),
        (cast.officer, 200),
    ]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content) == PDF
    client.force_login(cast.officer)
    assert client.get(reverse("exams:evidence-file", args=[evidence.pk + 99])).status_code == 404


def test_an_officer_opening_evidence_is_recorded_the_owner_is_not(client, cast) -> None:
    evidence = EvidenceFactory(application__candidate=cast.candidate)
    url = reverse("exams:evidence-file", args=[evidence.pk])
    client.force_login(cast.candidate)
    assert b"".join(client.get(url).streaming_content) == PDF
    assert not AccessRecord.objects.exists()
    client.force_login(cast.officer)
    assert b"".join(client.get(url, REMOTE_ADDR="192.0.2.7").streaming_content) == PDF
    record = AccessRecord.objects.get()
    assert (record.who, record.person, record.kind) == (
        cast.officer,
        cast.candidate,
        AccessRecordKind.EVIDENCE,
    )
    assert evidence.original_name in record.what and "review" in record.reason
    assert (record.object_type, record.object_id, record.address) == (
        "exams.evidence",
        str(evidence.pk),
        "192.0.2.7",
    )


def test_removing_a_file_keeps_it_marked_withdrawn(client, draft, cast) -> None:
    evidence = applications.add_evidence(
        draft, education(draft), SimpleUploadedFile("a.pdf", PDF), by=cast.candidate
    )
    url = reverse("exams:evidence-withdraw", args=[evidence.pk])
    client.force_login(cast.outsider)
    assert client.post(url).status_code == 404
    assert client.login(username=cast.candidate.email, password=PASSWORD)
    assert client.get(url).status_code == 405
    client.post(url)
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is not None and draft.live_evidence().count() == 0
