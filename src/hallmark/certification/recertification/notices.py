"""Messages to certificants about their cycle: reminders (each sent once per cycle, recorded
before it is sent) and the outcome of reviews, audits and renewals.

A notice goes through the outbox like every other message (`hallmark.accounts.outbox`): its mail
is queued in the caller's transaction and sent after the commit; the notice's status follows
the delivery of its message.
"""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallmark.accounts.data import NOTICE_KEY
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import only_recording
from hallmark.accounts.outbox import enqueue
from hallmark.certification.data import REMINDER_KINDS, NoticeKind
from hallmark.certification.models import Cycle, Notice

_SIGN_OFF = "\n\nYour recertification page: {url}\n"

# kind -> (subject, body); placeholders: name, program, designation, number, expires_on,
# window_opens_on, grace_ends_on, reinstatement_ends_on, url, and the caller's extras.
TEXTS: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.WINDOW_OPEN: (
        "Your {designation} renewal window is open",
        "Hello {name},\n\nYou can now renew your {program} certification ({number}). It is "
        "valid until {expires_on}. Log your continuing education and apply to renew before "
        "then.",
    ),
    NoticeKind.DAYS_180: (
        "Your {designation} certification expires in 180 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}. "
        "Check your continuing education and apply to renew in good time.",
    ),
    NoticeKind.DAYS_90: (
        "Your {designation} certification expires in 90 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}: "
        "90 days from now.",
    ),
    NoticeKind.DAYS_30: (
        "Your {designation} certification expires in 30 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}: "
        "30 days from now. Apply to renew before then to keep it without a gap.",
    ),
    NoticeKind.EXPIRED: (
        "Your {designation} certification has expired: grace period until {grace_ends_on}",
        "Hello {name},\n\nYour {program} certification ({number}) expired after "
        "{expires_on}. The registry now shows it as expired, in its grace period. You can still "
        "renew it until {grace_ends_on} (a late fee applies).",
    ),
    NoticeKind.GRACE_ENDED: (
        "Your {designation} grace period has ended",
        "Hello {name},\n\nThe grace period of your {program} certification ({number}) ended "
        "on {grace_ends_on}. You may still apply for reinstatement until "
        "{reinstatement_ends_on} (with the reinstatement fee and the continuing education "
        "required); after that, only passing the exam again restores the certification.",
    ),
    NoticeKind.RENEWED: (
        "Your {designation} certification is renewed",
        "Hello {name},\n\nYour {program} certification ({number}) is renewed: it is now valid "
        "until {new_expires_on}. Your signed digital credential has been reissued with the new "
        "date; download it again from your credentials page.",
    ),
    NoticeKind.AUDIT_SELECTED: (
        "Your {designation} renewal was selected for audit",
        "Hello {name},\n\nYour renewal application for {program} ({number}) was selected, at "
        "random, for audit. Please upload the evidence of the activities you listed (for "
        "example certificates of attendance or completion){due}.",
    ),
    NoticeKind.ACTIVITY_REVIEWED: (
        "Your CE activity was reviewed",
        'Hello {name},\n\nYour continuing-education activity "{activity}" was reviewed: '
        "{outcome}.{reason}",
    ),
    NoticeKind.RENEWAL_REFUSED: (
        "Decision on your {designation} renewal",
        "Hello {name},\n\nYour renewal application for {program} ({number}) was refused, for "
        "this reason:\n\n{reason}",
    ),
}


def _context(cycle: Cycle, extra: dict[str, Any]) -> dict[str, Any]:
    credential = cycle.credential
    dates = cycle.dates()
    holder = credential.holder
    return {
        "name": holder.display_name,
        "program": credential.program.name,
        "designation": credential.program.designation,
        "number": credential.number,
        "expires_on": f"{dates.expires_on:%-d %B %Y}",
        "window_opens_on": f"{dates.window_opens_on:%-d %B %Y}",
        "grace_ends_on": f"{dates.grace_ends_on:%-d %B %Y}",
        "reinstatement_ends_on": f"{dates.reinstatement_ends_on:%-d %B %Y}",
        "url": settings.PUBLIC_BASE_URL.rstrip("/")
        + reverse("credentials-renewal", args=[credential.number]),
        **extra,
    }


def send_notice(
    cycle: Cycle,
    kind: NoticeKind,
    *,
    due_on: Any = None,
    deliver: bool = True,
    **extra: Any,
) -> Notice | None:
    """Record a notice and queue its mail; for a reminder already sent in this cycle, send
    nothing and return None. The record is written first, so two runs at once cannot both
    send it."""
    deliver = deliver and not only_recording()
    values = _context(cycle, extra)
    subject_text, body_text = TEXTS[kind]
    holder = cycle.credential.holder
    subject = subject_text.format(**values)[:200]
    body = (body_text + _SIGN_OFF).format(**values)
    try:
        with transaction.atomic():
            message = enqueue(
                deliver=deliver,
                key=NOTICE_KEY,
                person=holder,
                to=holder.email,
                subject=subject,
                body=body,
            )
            return Notice.objects.create(
                credential=cycle.credential,
                cycle=cycle,
                kind=kind,
                due_on=due_on,
                to=holder.email,
                subject=subject,
                body=body,
                status=message.status,
                message=message,
            )
    except IntegrityError:
        if kind in REMINDER_KINDS:
            return None
        raise


def follow_delivery(sender: Any, message: SentMessage, **kwargs: Any) -> None:
    """Keep a notice's status in step with the delivery of its message."""
    Notice.objects.filter(message=message).update(status=message.status, error=message.error)
