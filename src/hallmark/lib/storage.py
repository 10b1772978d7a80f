"""Private files: evidence, accommodation documentation and the documents of CE and renewals.

They live under settings.PRIVATE_STORAGE_ROOT, outside the web root, and have no URL: they are
served only by a view that checks who asks. Their type is read from their first bytes, never
from their name or the browser's word for it.
"""

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils import formats
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# first bytes -> (content type, file extension, what people call it)
SIGNATURES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png", "PNG image"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg", "JPEG image"),
)
ACCEPTED = "a PDF, a PNG image or a JPEG image"


class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at PRIVATE_STORAGE_ROOT (read each time: tests move it),
    whose files have no public URL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_STORAGE_ROOT)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Private files have no URL: they are served through a view that checks access."
        )


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a PDF, PNG or JPEG of at most 10 MB, judged by its content; refuse anything else
    with a message, in the reader's language, that says what was wrong and what is accepted."""
    name = upload.name or gettext("The file")
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            gettext(
                "%(name)s is too large (%(size)s MB): a file can be at most %(limit)s MB. Scan "
                "at a lower resolution or split the document."
            )
            % {
                "name": name,
                "size": formats.number_format(size / (1024 * 1024), 1),
                "limit": MAX_UPLOAD_BYTES // (1024 * 1024),
            }
        )
    if size == 0:
        raise ValidationError(gettext("%(name)s is empty. Choose the file again.") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    digest = hashlib.sha256()
    for chunk in upload.chunks():  # chunks() starts again from the first byte
        digest.update(chunk)
    upload.seek(0)
    for magic, content_type, extension, _ in SIGNATURES:
        if head.startswith(magic):
            return CheckedUpload(content_type, extension, size, digest.hexdigest())
    raise ValidationError(
        gettext(
            "%(name)s is not a PDF, a PNG image or a JPEG image: its content is of another kind, "
            "whatever its name says. Save or scan the document as a PDF, PNG or JPEG and upload "
            "that."
        )
        % {"name": name}
    )


class StoredRecord(Protocol):
    """A model that keeps a private file with what was found in it (Evidence, a CE activity's
    or a renewal's document)."""

    file: FieldFile
    original_name: str
    content_type: str
    size: int
    sha256: str


def attach_upload(record: StoredRecord, upload: UploadedFile) -> CheckedUpload:
    """Check an upload by its content (see `check_upload`) and put it in the record's `file`
    under a random name; the record keeps the original name, the type, size and SHA-256.
    The caller saves the record."""
    checked = check_upload(upload)
    record.original_name = (upload.name or "document")[-200:]
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = checked.sha256
    record._extension = checked.extension  # type: ignore[attr-defined]  # read by StoredName
    record.file.save(record.original_name, upload, save=False)
    return checked


@deconstructible
class StoredName:
    """A private file field's upload_to: a random name under `folder` and the upload month,
    with the extension its content showed. The original name is kept in the database only."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        extension = getattr(instance, "_extension", "") or "bin"
        month = instance.uploaded_at.strftime("%Y/%m") if instance.uploaded_at else "undated"
        return f"{self.folder}/{month}/{uuid.uuid4().hex}.{extension}"


# Evidence's upload_to; the exams app's first migration names it by this path.
stored_name = StoredName("evidence")
