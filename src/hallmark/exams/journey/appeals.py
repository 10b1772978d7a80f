"""Appeals of a denied application or accommodation: filed by the candidate in time, heard
by an officer other than the first decider.

Each change of state is one function in one transaction, under the journey's contract (see
`hallmark.exams.journey`): the person acting is `by`; refusals are PermissionDenied or
ValidationError.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.exams.data import (
    AccommodationStatus,
    AppealDecision,
    AppealStatus,
    ApplicationEventKind,
)
from hallmark.exams.journey.accommodations import _attach_to_bookings
from hallmark.exams.journey.applications import _approve
from hallmark.exams.journey.common import (
    _event,
    _locked,
    _not_own_case,
    _own,
    absolute_url,
    local_date,
)
from hallmark.exams.journey.retakes import long_date
from hallmark.exams.models import AccommodationRequest, Appeal, Application
from hallmark.lib.clock import now_or
from hallmark.lib.permissions import need


@transaction.atomic
def file_appeal(
    *,
    statement: str,
    by: User,
    application: Application | None = None,
    accommodation: AccommodationRequest | None = None,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Appeal a denial, within the days the policy allows."""
    if (application is None) == (accommodation is None):
        raise ValueError("appeal exactly one of an application or an accommodation request")
    decided: Application | AccommodationRequest
    if application is not None:
        decided = application = _locked(application)
    else:
        decided = accommodation = AccommodationRequest.objects.select_for_update().get(
            pk=accommodation.pk  # type: ignore[union-attr]
        )
    _own(decided.candidate_id, by, str(decided))
    at = now_or(now)
    today = local_date(decided.program, at)
    if not decided.appeal_open(today):
        if decided.status != "denied":
            raise ValidationError(f"{decided} is not denied: there is nothing to appeal.")
        if Appeal.objects.filter(application=application, accommodation=accommodation).exists():
            raise ValidationError(f"{decided} has already been appealed.")
        raise ValidationError(
            f"The time to appeal {decided} ended on {long_date(decided.appeal_by)}."  # type: ignore[arg-type]
        )
    if not statement.strip():
        raise ValidationError({"statement": "Say why the decision should change."})
    appeal = Appeal.objects.create(
        candidate=by,
        application=application,
        accommodation=accommodation,
        statement=statement.strip(),
        filed_at=at,
    )
    if application is not None:
        _event(application, ApplicationEventKind.APPEALED, by, at, statement.strip())
    return appeal


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    decision: AppealDecision,
    *,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Uphold or overturn a denial; the appeal is heard by someone other than the first decider."""
    need(by, "exams.decide_appeal", f"decide appeal #{appeal.pk}")
    _not_own_case(by, appeal.candidate_id, "decide an appeal in")
    at = now_or(now)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    decided = appeal.application or appeal.accommodation
    assert decided is not None
    if decided.decided_by_id == by.pk:
        raise PermissionDenied(
            f"{by.email} made the decision under appeal: another officer hears the appeal."
        )
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError(f"Appeal #{appeal.pk} is already decided.")
    if not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for the decision: the candidate reads it."}
        )
    overturn = decision == AppealDecision.OVERTURN
    appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
    appeal.decided_at, appeal.decided_by, appeal.decision_reason = at, by, reason.strip()
    appeal.save()
    today = local_date(decided.program, at)
    if appeal.application is not None:
        application = _locked(appeal.application)
        if overturn:
            _approve(application, today)
            application.decided_at, application.decided_by = at, by
            application.decision_reason = reason.strip()
            application.save()
        _event(
            application,
            ApplicationEventKind.APPEAL_OVERTURNED
            if overturn
            else ApplicationEventKind.APPEAL_UPHELD,
            by,
            at,
            reason.strip(),
        )
        url = absolute_url("exams:application", application.pk)
    else:
        accommodation = AccommodationRequest.objects.select_for_update().get(
            pk=appeal.accommodation_id
        )
        if overturn:
            accommodation.status = AccommodationStatus.APPROVED
            accommodation.decided_at, accommodation.decided_by = at, by
            accommodation.decision_reason = reason.strip()
            accommodation.save()
            _attach_to_bookings(accommodation, at)
        url = absolute_url("exams:accommodation", accommodation.pk)
    notify(
        appeal.candidate,
        MessageKey.APPEAL_DECIDED,
        {
            "program": decided.program.name,
            "subject": appeal.subject,
            "outcome": appeal.get_status_display().lower(),
            "reason": reason.strip(),
            "url": url,
        },
    )
    return appeal
