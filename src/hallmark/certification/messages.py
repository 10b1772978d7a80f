"""What a holder is told when their credential is issued, suspended, revoked or reinstated.

Each is a staff-editable message (`hallmark.accounts.notifications`), queued in the transaction
of the change it tells of. A suspension or a revocation names the last day to appeal it. The
words of the context (the award, the status) are the holder's language's, and its days are dates
that the message writes the language's way.
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import language_of, notify
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Credential
from hallmark.lib.storage import MAX_UPLOAD_BYTES
from hallmark.programs.models import appeal_deadline

# The decisions whose message says until when they may be appealed.
APPEALABLE = frozenset({MessageKey.CREDENTIAL_SUSPENDED, MessageKey.CREDENTIAL_REVOKED})


def filing_language(person: Any = None) -> str:
    """The language a complaint or an appeal is filed in, kept to write every message about it
    in: a signed-in person's saved language, else the page's (the active language)."""
    supported = dict(settings.LANGUAGES)
    saved = getattr(person, "language", "") or ""
    active = (translation.get_language() or "").split("-")[0]
    for code in (saved, active):
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def credential_page(credential: Credential) -> str:
    """The holder's own page of the credential: its entry on their credentials page."""
    return absolute(reverse("credentials-mine")) + f"#credential-{credential.pk}"


def _about(credential: Credential) -> dict[str, object]:
    with translation.override(language_of(credential.holder)):
        award = credential.get_kind_display().lower()
    return {
        "program": credential.program.name,
        "award": award,
        "credential_number": credential.number,
        "url": credential_page(credential),
    }


def issued_context(credential: Credential) -> dict[str, object]:
    """What the message of an issued credential says of it."""
    return {**_about(credential), "expires_on": credential.expires_on or ""}


def tell_decision(credential: Credential, key: MessageKey, *, reason: str) -> SentMessage:
    """Tell the holder of a suspension, a revocation or a reinstatement decided today (in the
    program's time zone), and until when a suspension or a revocation may be appealed."""
    decided_on = credential.program.today()
    with translation.override(language_of(credential.holder)):
        status = credential.get_status_display().lower()
    context = {
        **_about(credential),
        "decided_on": decided_on,
        "reason": reason.strip(),
        "status": status,
    }
    if key in APPEALABLE:
        context["appeal_by"] = appeal_deadline(credential.program, decided_on)
    return notify(credential.holder, key, context)


def upload_refusal(upload: UploadedFile) -> str:
    """Why `check_upload` refused a document, in the reader's language: too large, empty,
    or not a PDF, PNG or JPEG by its content."""
    name = upload.name or gettext("The file")
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        return gettext(
            "%(name)s is too large (%(size)s MB): a file can be at most %(limit)s MB. Scan at a "
            "lower resolution or split the document."
        ) % {
            "name": name,
            "size": formats.number_format(size / (1024 * 1024), 1),
            "limit": MAX_UPLOAD_BYTES // (1024 * 1024),
        }
    if size == 0:
        return gettext("%(name)s is empty. Choose the file again.") % {"name": name}
    return gettext(
        "%(name)s is not a PDF, a PNG image or a JPEG image: its content is of another kind, "
        "whatever its name says. Save or scan the document as a PDF, PNG or JPEG and upload that."
    ) % {"name": name}
