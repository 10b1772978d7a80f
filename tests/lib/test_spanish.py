"""hallmark.lib's own catalog (it is not an app): an upload's refusal in the reader's language,
the catalog complete for the messages lib marks, and compiled."""

import pkgutil

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.utils import translation

import hallmark.lib
from hallmark.certification.data import CredentialStatus
from hallmark.lib.decisions import in_state
from hallmark.lib.storage import check_upload

from i18n import missing_translations, mo_matches_po

# Every module of lib, so that the next one to mark text is checked too.
LIB_MODULES = [f"hallmark.lib.{m.name}" for m in pkgutil.iter_modules(hallmark.lib.__path__)]


def test_the_lib_catalog_translates_what_lib_marks_and_is_compiled() -> None:
    assert missing_translations("lib", [], LIB_MODULES) == []
    assert mo_matches_po("lib")


@pytest.mark.parametrize(
    ("upload", "spanish", "english"),
    [
        (
            SimpleUploadedFile("cv.pdf", b""),
            "cv.pdf está vacío. Elija el archivo de nuevo.",
            "cv.pdf is empty. Choose the file again.",
        ),
        (
            SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>"),
            "cv.pdf no es un PDF, una imagen PNG ni una imagen JPEG",
            "cv.pdf is not a PDF, a PNG image or a JPEG image",
        ),
    ],
)
def test_an_upload_is_refused_in_the_readers_language(upload, spanish, english) -> None:
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.messages[0].startswith(spanish)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.messages[0].startswith(english)


class Revoked:
    """A case in a state no decision is open to, its status shown by its label."""

    status = CredentialStatus.REVOKED

    def __str__(self) -> str:
        return "CESP-0001"

    def get_status_display(self) -> str:
        return str(CredentialStatus.REVOKED.label)


def test_a_case_in_a_closed_state_is_refused_in_the_readers_language() -> None:
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        in_state(Revoked(), (CredentialStatus.ACTIVE,))  # type: ignore[arg-type]
    assert refused.value.messages == [
        "CESP-0001 no está abierto a una decisión: su estado es «Revocada»."
    ]
    with pytest.raises(ValidationError) as refused:
        in_state(Revoked(), (CredentialStatus.ACTIVE,))  # type: ignore[arg-type]
    assert refused.value.messages == [
        "CESP-0001 is not open to a decision: its status is “Revoked”."
    ]


def test_a_refusal_not_marked_for_translation_stays_all_english() -> None:
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        in_state(Revoked(), (CredentialStatus.ACTIVE,), refusal="cannot be withdrawn")  # type: ignore[arg-type]
    assert refused.value.messages == ["CESP-0001 cannot be withdrawn: its status is “Revoked”."]


def test_every_template_knows_the_language_staff_write_in_without_a_request(settings) -> None:
    """A PDF is rendered without a request, so no context processor: a builtin tag it is."""
    engine = engines["django"]
    assert engine.from_string('<p lang="{% content_language %}">x</p>').render() == (
        '<p lang="en">x</p>'
    )
    settings.LANGUAGE_CODE = "es"
    assert engine.from_string("{% content_language %}").render() == "es"
