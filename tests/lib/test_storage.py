"""One way to keep an upload with its record: checked by its content, stored privately under a
random name in its model's folder, the original name and what was found kept on the record."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hallmark.certification.models import CEActivity
from hallmark.certification.models.recertification import stored_document_name
from hallmark.exams.models import Evidence
from hallmark.lib.storage import StoredName, attach_upload, private_storage, stored_name

from factories import PDF, PNG

MAY = datetime.datetime(2025, 5, 20, 12, tzinfo=datetime.UTC)


def test_an_upload_is_named_by_its_content_and_the_record_keeps_what_was_found() -> None:
    evidence = Evidence(uploaded_at=MAY)
    checked = attach_upload(evidence, SimpleUploadedFile("my scan.pdf", PNG, "application/pdf"))
    assert re.fullmatch(r"evidence/2025/05/[0-9a-f]{32}\.png", evidence.file.name)
    assert private_storage().exists(evidence.file.name)
    assert (evidence.original_name, evidence.content_type) == ("my scan.pdf", "image/png")
    assert (evidence.size, evidence.sha256) == (len(PNG), hashlib.sha256(PNG).hexdigest())
    assert checked.extension == "png"
    assert evidence.pk is None  # the caller saves


def test_each_model_keeps_its_files_in_its_own_folder() -> None:
    activity = CEActivity(uploaded_at=MAY)
    attach_upload(activity, SimpleUploadedFile("completion.pdf", PDF))
    assert re.fullmatch(r"recertification/2025/05/[0-9a-f]{32}\.pdf", activity.file.name)


def test_a_refused_upload_leaves_the_record_as_it_was() -> None:
    evidence = Evidence(uploaded_at=MAY)
    with pytest.raises(ValidationError, match=r"cv\.pdf is not a PDF"):
        attach_upload(evidence, SimpleUploadedFile("cv.pdf", b"PK\x03\x04" + b"\x00" * 64))
    assert not evidence.file
    assert (evidence.original_name, evidence.content_type, evidence.sha256) == ("", "", "")


def test_a_file_saved_without_a_check_has_no_extension_and_an_undated_one_no_month() -> None:
    name = StoredName("evidence")
    undated = name(Evidence(uploaded_at=None), "x.exe")
    assert re.fullmatch(r"evidence/undated/[0-9a-f]{32}\.bin", undated)
    assert name(Evidence(uploaded_at=MAY), "a.pdf") != name(Evidence(uploaded_at=MAY), "a.pdf")


def test_the_names_migrations_import_are_the_fields_upload_to() -> None:
    assert Evidence._meta.get_field("file").upload_to is stored_name
    assert CEActivity._meta.get_field("file").upload_to is stored_document_name
    assert stored_name.deconstruct() == ("hallmark.lib.storage.StoredName", ("evidence",), {})
