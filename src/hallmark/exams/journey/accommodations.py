"""Accommodations: requested with documentation for every exam in a program, decided by
staff, and carried by the candidate's bookings.

Each change of state is one function in one transaction, under the journey's contract (see
`hallmark.exams.journey`): the person acting is `by`; refusals are PermissionDenied or
ValidationError.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.exams.data import (
    EXTRA_TIME_FACTORS,
    TIMES,
    AccommodationDecision,
    AccommodationKind,
    AccommodationStatus,
)
from hallmark.exams.journey.common import (
    absolute_url,
    attach_to_bookings,
    local_date,
    store_evidence,
)
from hallmark.exams.models import AccommodationRequest, Evidence
from hallmark.lib.clock import now_or
from hallmark.lib.decisions import reason_given, record_decision, take_case, take_own_case
from hallmark.lib.permissions import own
from hallmark.programs.models import EligibilityPolicy, Program

DEFAULT_APPEAL_DAYS = 30


def _appeal_days(program: Program, on: datetime.date) -> int:
    policy = EligibilityPolicy.in_force(program, on)
    return policy.appeal_days if policy else DEFAULT_APPEAL_DAYS


@transaction.atomic
def request_accommodation(
    candidate: User,
    program: Program,
    *,
    kind: AccommodationKind,
    time_factor: Decimal | None = None,
    details: str = "",
    documentation: UploadedFile | None = None,
    by: User,
    now: datetime.datetime | None = None,
) -> AccommodationRequest:
    """Ask for an accommodation, with documentation, for every exam in a program."""
    own(by, candidate.pk, "This request")
    at = now_or(now)
    if kind == AccommodationKind.EXTRA_TIME and time_factor not in EXTRA_TIME_FACTORS:
        raise ValidationError(
            {
                "time_factor": _("Choose how much extra time: %(a)s, %(b)s or %(c)s.")
                % {"a": f"{TIMES}1.25", "b": f"{TIMES}1.5", "c": f"{TIMES}2"}
            }
        )
    if kind != AccommodationKind.EXTRA_TIME:
        time_factor = None
    if kind == AccommodationKind.OTHER and not details.strip():
        raise ValidationError({"details": _("Say what you need.")})
    if (
        AccommodationRequest.objects.filter(
            candidate=candidate,
            program=program,
            kind=kind,
            status__in=[AccommodationStatus.REQUESTED, AccommodationStatus.APPROVED],
        )
        .exclude(kind=AccommodationKind.OTHER)
        .exists()
    ):
        raise ValidationError(
            _(
                "You already have a request for %(kind)s for %(designation)s; it covers every "
                "exam you book."
            )
            % {
                "kind": str(AccommodationKind(kind).label).lower(),
                "designation": program.designation,
            }
        )
    request = AccommodationRequest.objects.create(
        candidate=candidate,
        program=program,
        kind=kind,
        time_factor=time_factor,
        details=details.strip(),
        requested_at=at,
    )
    if documentation is not None:
        store_evidence(Evidence(owner=by, accommodation=request, uploaded_at=at), documentation)
    return request


@transaction.atomic
def add_accommodation_document(
    request: AccommodationRequest,
    upload: UploadedFile,
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> Evidence:
    own(by, request.candidate_id, str(request))
    if request.status != AccommodationStatus.REQUESTED:
        raise ValidationError(
            _("This request is closed (status: %(status)s): add documents to a new request.")
            % {"status": request.get_status_display()}
        )
    return store_evidence(
        Evidence(owner=by, accommodation=request, uploaded_at=now_or(now)), upload
    )


@transaction.atomic
def withdraw_accommodation(
    request: AccommodationRequest, *, by: User, now: datetime.datetime | None = None
) -> AccommodationRequest:
    request = take_own_case(
        request,
        by=by,
        open_states=(AccommodationStatus.REQUESTED,),
        refusal="cannot be withdrawn",
        related=("program",),
    )
    request.status = AccommodationStatus.WITHDRAWN
    request.decided_at = now_or(now)
    request.save(update_fields=["status", "decided_at"])
    return request


@transaction.atomic
def decide_accommodation(
    request: AccommodationRequest,
    decision: AccommodationDecision,
    *,
    reason: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> AccommodationRequest:
    """Approve (it reaches every booking of the candidate in the program) or deny with a reason
    (appealable)."""
    at = now_or(now)
    request = take_case(
        request,
        by=by,
        permission="exams.decide_accommodation",
        what="decide",
        open_states=(AccommodationStatus.REQUESTED,),
        related=("program",),
    )
    today = local_date(request.program, at)
    context: dict[str, object] = {}
    changed: tuple[str, ...]  # the fields a decision sets besides who, when and why
    if decision == AccommodationDecision.APPROVE:
        status, changed = AccommodationStatus.APPROVED, ()
        key = MessageKey.ACCOMMODATION_APPROVED
    elif decision == AccommodationDecision.DENY:
        reason = reason_given(reason, "Give the reason for the denial: the candidate reads it.")
        request.appeal_by = today + datetime.timedelta(days=_appeal_days(request.program, today))
        status, changed = AccommodationStatus.DENIED, ("appeal_by",)
        key = MessageKey.ACCOMMODATION_DENIED
        context["appeal_by"] = request.appeal_by
    else:
        raise ValidationError(f"Unknown decision {decision!r}.")
    record_decision(request, status, by=by, at=at, reason=reason, also=changed)
    if request.status == AccommodationStatus.APPROVED:
        attach_to_bookings(request, at)
    notify(
        request.candidate,
        key,
        {
            "program": request.program.name,
            # Written with the message, in its reader's language.
            "accommodation": lazy(lambda: request.summary.lower(), str)(),
            "reason": request.decision_reason,
            "url": absolute_url("exams:accommodation", request.pk),
            **context,
        },
    )
    return request
