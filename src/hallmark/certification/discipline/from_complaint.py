"""A complaint about a certificant's conduct, found in scope, becomes a discipline case.

The case keeps the complaint (one case per complaint) and its reference; the complaint's
history records the case, so either side shows where the other stands.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.certification.complaints.data import ComplaintEventKind, ComplaintStatus, Scope
from hallmark.certification.data import CaseSource
from hallmark.certification.discipline.services import open_case
from hallmark.certification.models import Complaint, ComplaintEvent, DisciplineCase
from hallmark.lib.decisions import locked


def _refusal(complaint: Complaint) -> str | None:
    """Why this complaint cannot become a case, or None when it can."""
    if not complaint.about_certificant:
        return "A complaint about the body is not a case against a person."
    if complaint.scope != Scope.IN_SCOPE:
        return "Only a complaint triaged in scope becomes a discipline case."
    if complaint.status == ComplaintStatus.CLOSED:
        return "The complaint is closed."
    if complaint.credential is None:
        return "Link the certificant's credential first: the case is against its holder."
    if DisciplineCase.objects.filter(complaint=complaint).exists():
        return "A discipline case is already open from this complaint."
    return None


def can_open_case(complaint: Complaint) -> bool:
    """Whether the complaint page offers to open a case (the service checks again)."""
    return _refusal(complaint) is None


@transaction.atomic
def open_case_from_complaint(complaint: Complaint, *, by: User, allegations: str) -> DisciplineCase:
    """Open a case against the holder of the complaint's linked credential."""
    complaint = locked(complaint, "program", "credential")
    refusal = _refusal(complaint)
    if refusal:
        raise ValidationError({"complaint": refusal})
    credential = complaint.credential
    assert credential is not None  # checked by _refusal
    case = open_case(
        complaint.program,
        credential.holder,
        by=by,
        source=CaseSource.COMPLAINT,
        source_reference=complaint.reference,
        allegations=allegations,
        credential=credential,
    )
    case.complaint = complaint
    case.save(update_fields=["complaint"])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEventKind.CASE_OPENED,
        by=by,
        at=timezone.now(),
        text=case.reference,
    )
    return case
