"""What the journey's services share: dates in the program's time zone, links in emails,
the records every change of state makes (the application locked, editable, its history
event, a stored document, its approval dates) and the accommodations a booking carries.
Whose record it is and who may decide are checked by `hallmark.lib.permissions` and
`hallmark.lib.decisions`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hallmark.accounts.models import User
from hallmark.exams.data import (
    AccommodationStatus,
    ApplicationEventKind,
    ApplicationStatus,
    RegistrationStatus,
)
from hallmark.exams.models import (
    AccommodationRequest,
    Application,
    ApplicationEvent,
    Evidence,
    Registration,
    RegistrationAccommodation,
)
from hallmark.lib.dates import long_date
from hallmark.lib.decisions import locked, take_own_case
from hallmark.lib.storage import attach_upload
from hallmark.programs.models import Program


def local_date(program: Program, instant: datetime.datetime) -> datetime.date:
    """The date an instant falls on in the program's time zone (23:30 local is that day)."""
    return timezone.localtime(instant, program.time_zone).date()


def start_of_day(program: Program, day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the program's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=program.time_zone)


def local_datetime_text(program: Program, instant: datetime.datetime) -> str:
    local = timezone.localtime(instant, program.time_zone)
    # "3 March 2025, 09:00": the active language's DATETIME_FORMAT (hallmark.site.formats).
    shown = formats.date_format(local, "DATETIME_FORMAT")
    return f"{shown} {local.tzname()}"


def absolute_url(name: str, *args: object) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name, args=args)


# What the journey reads with an application it locks.
WITH_PROGRAM_AND_POLICY = ("program", "policy")


def locked_application(application: Application) -> Application:
    """The application read again under a lock, with its program and policy."""
    return locked(application, *WITH_PROGRAM_AND_POLICY)


def editable(application: Application, on: datetime.date) -> None:
    """Refuse unless the candidate may still change the application on `on`: a draft, or
    more information asked for and its deadline not passed."""
    if application.status == ApplicationStatus.DRAFT:
        return
    if application.resubmission_open(on):
        return
    if application.status == ApplicationStatus.MORE_INFORMATION:
        raise ValidationError(
            _("The deadline to answer the request for more information passed on %(day)s.")
            % {"day": long_date(application.resubmit_by)}  # type: ignore[arg-type]  # set when asked
        )
    raise ValidationError(
        _("Your %(designation)s application can no longer change (status: %(status)s).")
        % {
            "designation": application.program.designation,
            "status": application.get_status_display(),
        }
    )


def application_to_edit(
    application: Application, *, by: User, at: datetime.datetime
) -> Application:
    """The candidate's own application, locked and read again, refused unless they may still
    change it on the day of `at` (see `editable`)."""
    application = take_own_case(
        application, by=by, open_states=None, related=WITH_PROGRAM_AND_POLICY
    )
    editable(application, local_date(application.program, at))
    return application


def record_event(
    application: Application,
    kind: ApplicationEventKind,
    by: User | None,
    at: datetime.datetime,
    reason: str = "",
) -> None:
    """Add a line to the application's history: what happened, who did it, when and why."""
    ApplicationEvent.objects.create(application=application, kind=kind, by=by, at=at, reason=reason)


def store_evidence(evidence: Evidence, upload: UploadedFile) -> Evidence:
    """Check an upload by its content, keep it privately with the evidence, and save that."""
    attach_upload(evidence, upload)
    evidence.save()
    return evidence


APPROVAL_DATES = ("approved_on", "approval_expires_on")


def set_approval_dates(application: Application, on: datetime.date) -> None:
    """Set the dates of an approval decided on `on` (the caller records the decision)."""
    application.approved_on = on
    application.approval_expires_on = on + datetime.timedelta(
        days=application.policy.approval_valid_days
    )


def _attach(
    registration: Registration, accommodation: AccommodationRequest, at: datetime.datetime
) -> None:
    RegistrationAccommodation.objects.get_or_create(
        registration=registration, accommodation=accommodation, defaults={"attached_at": at}
    )


def attach_to_bookings(accommodation: AccommodationRequest, at: datetime.datetime) -> None:
    """An accommodation approved after booking reaches the seats already booked."""
    for registration in Registration.objects.filter(
        candidate_id=accommodation.candidate_id,
        program_id=accommodation.program_id,
        status=RegistrationStatus.BOOKED,
    ):
        _attach(registration, accommodation, at)


def attach_approved(registration: Registration, at: datetime.datetime) -> None:
    """A new seat carries every accommodation approved for the candidate in the program."""
    for accommodation in AccommodationRequest.objects.filter(
        candidate_id=registration.candidate_id,
        program_id=registration.program_id,
        status=AccommodationStatus.APPROVED,
    ):
        _attach(registration, accommodation, at)
