"""What a holder is told when their credential is issued, suspended, revoked or reinstated.

Each is a staff-editable message (`hallmark.accounts.notifications`), queued in the transaction
of the change it tells of. A suspension or a revocation names the last day to appeal it. The
words of the context (the award, the status) are the holder's language's, and its days are dates
that the message writes the language's way.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import language_of, notify
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Credential
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
