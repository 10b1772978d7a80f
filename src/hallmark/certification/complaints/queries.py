"""Reads of complaints: the staff queue (the most overdue first) and the complainant's lookup."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, QuerySet, When

from hallmark.certification.complaints.data import OPEN_COMPLAINT, ComplaintStatus
from hallmark.certification.models import Complaint
from hallmark.programs.models import Program

RECENTLY_CLOSED = 20


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    step: str  # what is due next
    due: datetime.date
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(-self.days_left, 0)


def _complaints(program: Program | None) -> QuerySet[Complaint]:
    rows = Complaint.objects.select_related("program", "credential")
    return rows.filter(program=program) if program is not None else rows


def queue(program: Program | None = None) -> list[QueueRow]:
    """Open complaints by the date their next step is due: acknowledging a received one,
    closing the others; so the most overdue come first."""
    rows = (
        _complaints(program)
        .filter(status__in=OPEN_COMPLAINT)
        .annotate(
            due=Case(
                When(status=ComplaintStatus.RECEIVED, then=F("acknowledge_by")),
                default=F("close_by"),
            )
        )
        .order_by("due", "received_at", "pk")
    )
    return [
        QueueRow(
            complaint=complaint,
            step="acknowledge" if complaint.status == ComplaintStatus.RECEIVED else "close",
            due=complaint.due,  # annotated above
            days_left=(complaint.due - complaint.program.today()).days,
        )
        for complaint in rows
    ]


def recently_closed(program: Program | None = None) -> QuerySet[Complaint]:
    rows = _complaints(program).filter(status=ComplaintStatus.CLOSED)
    return rows.order_by("-closed_at", "-pk")[:RECENTLY_CLOSED]


def complainants_complaint(reference: str, email: str) -> Complaint | None:
    """The complaint with this reference filed with this address; None for any mismatch (and
    for an anonymous complaint), so a lookup tells nothing of complaints that are not theirs."""
    if not email.strip():
        return None
    return (
        Complaint.objects.select_related("program")
        .filter(reference__iexact=reference.strip(), complainant_email__iexact=email.strip())
        .first()
    )
