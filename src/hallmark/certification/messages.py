"""What a holder is told when their credential is issued, suspended, revoked or reinstated.

Each is a staff-editable message (`hallmark.accounts.notifications`), queued in the transaction
of the change it tells of. A suspension or a revocation names the last day to appeal it.
"""

import datetime

from django.urls import reverse

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import notify
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Credential
from hallmark.programs.models import appeal_deadline

# The decisions whose message says until when they may be appealed.
APPEALABLE = frozenset({MessageKey.CREDENTIAL_SUSPENDED, MessageKey.CREDENTIAL_REVOKED})


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def credential_page(credential: Credential) -> str:
    """The holder's own page of the credential: its entry on their credentials page."""
    return absolute(reverse("credentials-mine")) + f"#credential-{credential.pk}"


def _about(credential: Credential) -> dict[str, str]:
    return {
        "program": credential.program.name,
        "award": credential.get_kind_display().lower(),
        "credential_number": credential.number,
        "url": credential_page(credential),
    }


def issued_context(credential: Credential) -> dict[str, str]:
    """What the message of an issued credential says of it."""
    expires_on = credential.expires_on
    return {**_about(credential), "expires_on": long_date(expires_on) if expires_on else ""}


def tell_decision(credential: Credential, key: MessageKey, *, reason: str) -> SentMessage:
    """Tell the holder of a suspension, a revocation or a reinstatement decided today (in the
    program's time zone), and until when a suspension or a revocation may be appealed."""
    decided_on = credential.program.today()
    context = {
        **_about(credential),
        "decided_on": long_date(decided_on),
        "reason": reason.strip(),
        "status": credential.get_status_display().lower(),
    }
    if key in APPEALABLE:
        context["appeal_by"] = long_date(appeal_deadline(credential.program, decided_on))
    return notify(credential.holder, key, context)
