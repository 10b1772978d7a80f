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
    ApplicationStatus,
)
from hallmark.exams.journey.common import APPROVAL_DATES, absolute_url, local_date
from hallmark.exams.journey.common import attach_to_bookings as _attach_to_bookings
from hallmark.exams.journey.common import locked_application as _locked
from hallmark.exams.journey.common import record_event as _event
from hallmark.exams.journey.common import set_approval_dates as _approval_dates
from hallmark.exams.journey.retakes import long_date
from hallmark.exams.models import AccommodationRequest, Appeal, Application
from hallmark.lib.clock import now_or
from hallmark.lib.decisions import locked, reason_given, record_decision, take_case
from hallmark.lib.permissions import own


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
        assert accommodation is not None
        decided = accommodation = locked(accommodation, "program")
    own(by, decided.candidate_id, str(decided))
    at = now_or(now)
    today = local_date(decided.program, at)
    if not decided.appeal_open(today):
        if decided.status != "denied":
            raise ValidationError(f"{decided} is not denied: there is nothing to appeal.")
        if Appeal.objects.filter(application=application, accommodation=accommodation).exists():
            raise ValidationError(f"{decided} has already been appealed.")
        # A denial always has its appeal date (the decision sets it).
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
    at = now_or(now)
    appeal = take_case(
        appeal,
        by=by,
        permission="exams.decide_appeal",
        what="decide",
        open_states=(AppealStatus.OPEN,),
    )
    decided = appeal.application or appeal.accommodation
    assert decided is not None
    if decided.decided_by_id == by.pk:
        raise PermissionDenied(
            f"{by.email} made the decision under appeal: another officer hears the appeal."
        )
    reason = reason_given(reason, "Give the reason for the decision: the candidate reads it.")
    overturn = decision == AppealDecision.OVERTURN
    outcome = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
    record_decision(appeal, outcome, by=by, at=at, reason=reason)
    if appeal.application is not None:
        url = _hear_application(appeal.application, overturn, by=by, at=at, reason=reason)
    else:
        assert appeal.accommodation is not None
        url = _hear_accommodation(appeal.accommodation, overturn, by=by, at=at, reason=reason)
    notify(
        appeal.candidate,
        MessageKey.APPEAL_DECIDED,
        {
            "program": decided.program.name,
            "subject": appeal.subject,
            "outcome": appeal.get_status_display().lower(),
            "reason": reason,
            "url": url,
        },
    )
    return appeal


def _hear_application(
    application: Application, overturn: bool, *, by: User, at: datetime.datetime, reason: str
) -> str:
    """An overturned denial approves the application; the history shows the appeal's outcome.
    The application's page, for the message."""
    application = _locked(application)
    if overturn:
        _approval_dates(application, local_date(application.program, at))
        record_decision(
            application,
            ApplicationStatus.APPROVED,
            by=by,
            at=at,
            reason=reason,
            also=APPROVAL_DATES,
        )
    kind = (
        ApplicationEventKind.APPEAL_OVERTURNED if overturn else ApplicationEventKind.APPEAL_UPHELD
    )
    _event(application, kind, by, at, reason)
    return absolute_url("exams:application", application.pk)


def _hear_accommodation(
    accommodation: AccommodationRequest,
    overturn: bool,
    *,
    by: User,
    at: datetime.datetime,
    reason: str,
) -> str:
    """An overturned denial approves the accommodation for the bookings already made. The
    request's page, for the message."""
    accommodation = locked(accommodation)
    if overturn:
        record_decision(accommodation, AccommodationStatus.APPROVED, by=by, at=at, reason=reason)
        _attach_to_bookings(accommodation, at)
    return absolute_url("exams:accommodation", accommodation.pk)
