"""Messages to certificants about their cycle: reminders (each sent once per cycle, recorded
before it is sent) and the outcome of reviews, audits and renewals.

A notice is a message like any other (`hallmark.accounts.notifications.notify`): its text is the
staff-editable template of its message key (`MESSAGE_OF`), and its mail is queued in the
caller's transaction and sent after the commit; the notice's status follows the delivery of its
message.
"""

from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import notify, recorded_only
from hallmark.certification.data import REMINDER_KINDS, NoticeKind
from hallmark.certification.models import Cycle, Notice

# Each notice's text is the staff-editable template of its message key.
MESSAGE_OF: dict[NoticeKind, MessageKey] = {
    NoticeKind.WINDOW_OPEN: MessageKey.RENEWAL_WINDOW_OPEN,
    NoticeKind.DAYS_180: MessageKey.EXPIRES_IN_180_DAYS,
    NoticeKind.DAYS_90: MessageKey.EXPIRES_IN_90_DAYS,
    NoticeKind.DAYS_30: MessageKey.EXPIRES_IN_30_DAYS,
    NoticeKind.EXPIRED: MessageKey.CERTIFICATION_EXPIRED,
    NoticeKind.GRACE_ENDED: MessageKey.GRACE_PERIOD_ENDED,
    NoticeKind.RENEWED: MessageKey.RENEWAL_APPROVED,
    NoticeKind.AUDIT_SELECTED: MessageKey.RENEWAL_AUDIT_SELECTED,
    NoticeKind.ACTIVITY_REVIEWED: MessageKey.CE_ACTIVITY_REVIEWED,
    NoticeKind.RENEWAL_REFUSED: MessageKey.RENEWAL_REFUSED,
}


def _context(cycle: Cycle, extra: dict[str, Any]) -> dict[str, Any]:
    credential = cycle.credential
    dates = cycle.dates()
    return {
        "program": credential.program.name,
        "designation": credential.program.designation,
        "credential_number": credential.number,
        # Dates, which each message writes in its reader's language ("3 March 2026").
        "expires_on": dates.expires_on,
        "window_opens_on": dates.window_opens_on,
        "grace_ends_on": dates.grace_ends_on,
        "reinstatement_ends_on": dates.reinstatement_ends_on,
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
    send it. ``extra`` are the values the notice's template uses besides the cycle's."""
    holder = cycle.credential.holder
    try:
        with transaction.atomic(), nullcontext() if deliver else recorded_only():
            message = notify(holder, MESSAGE_OF[kind], _context(cycle, extra))
            return Notice.objects.create(
                credential=cycle.credential,
                cycle=cycle,
                kind=kind,
                due_on=due_on,
                to=message.to,
                subject=message.subject,
                body=message.body,
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
