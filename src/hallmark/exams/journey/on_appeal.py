"""What an appeal changes in the candidate's journey: an application approved or an
accommodation granted when an independent panel overturns their denial, and the application's
history of its appeal.

The appeal itself, its panel and its outcome live in the certification app, which calls these
inside the chair's decision transaction: `by` is the chair, the authority is the panel's outcome
(so no staff permission is asked of `by` here), and `reference` names the appeal in the history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from hallmark.accounts.models import User
from hallmark.exams.data import AccommodationStatus, ApplicationEventKind, ApplicationStatus
from hallmark.exams.journey.common import (
    APPROVAL_DATES,
    attach_to_bookings,
    local_date,
    locked_application,
    record_event,
    set_approval_dates,
)
from hallmark.exams.models import AccommodationRequest, Application
from hallmark.lib.clock import now_or
from hallmark.lib.decisions import locked, record_decision


def _denied(case: Application | AccommodationRequest) -> None:
    if case.status != "denied":
        raise ValidationError(f"{case} is not denied: an appeal cannot overturn it.")


@transaction.atomic
def approve_on_appeal(
    application: Application,
    *,
    by: User,
    reason: str,
    reference: str,
    now: datetime.datetime | None = None,
) -> Application:
    """Approve a denied application because the appeal panel overturned the denial."""
    at = now_or(now)
    application = locked_application(application)
    _denied(application)
    set_approval_dates(application, local_date(application.program, at))
    text = f"{reference}: {reason}"
    record_decision(
        application, ApplicationStatus.APPROVED, by=by, at=at, reason=text, also=APPROVAL_DATES
    )
    record_event(application, ApplicationEventKind.APPEAL_OVERTURNED, by, at, text)
    return application


@transaction.atomic
def grant_on_appeal(
    accommodation: AccommodationRequest,
    *,
    by: User,
    reason: str,
    reference: str,
    now: datetime.datetime | None = None,
) -> AccommodationRequest:
    """Grant a denied accommodation because the appeal panel overturned the denial; it reaches
    the seats already booked."""
    at = now_or(now)
    accommodation = locked(accommodation)
    _denied(accommodation)
    text = f"{reference}: {reason}"
    record_decision(accommodation, AccommodationStatus.APPROVED, by=by, at=at, reason=text)
    attach_to_bookings(accommodation, at)
    return accommodation


def note_application_appeal(
    application: Application, kind: ApplicationEventKind, *, by: User, text: str
) -> None:
    """Add an appeal's step (filed, upheld) to the application's history."""
    record_event(application, kind, by, now_or(None), text)
