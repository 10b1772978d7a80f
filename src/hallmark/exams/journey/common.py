"""What the journey's services share: dates in the program's time zone, links in emails,
and the records every change of state makes (the application locked, editable, its history
event, a stored document). Whose record it is and who may decide are checked by
`hallmark.lib.permissions` and `hallmark.lib.decisions`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.exams.data import ApplicationEventKind, ApplicationStatus
from hallmark.exams.journey.retakes import long_date
from hallmark.exams.models import Application, ApplicationEvent, Evidence
from hallmark.lib.decisions import locked
from hallmark.lib.storage import check_upload
from hallmark.programs.models import Program


def local_date(program: Program, instant: datetime.datetime) -> datetime.date:
    """The date an instant falls on in the program's time zone (23:30 local is that day)."""
    return timezone.localtime(instant, program.time_zone).date()


def start_of_day(program: Program, day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the program's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=program.time_zone)


def local_datetime_text(program: Program, instant: datetime.datetime) -> str:
    local = timezone.localtime(instant, program.time_zone)
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def absolute_url(name: str, *args: object) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name, args=args)


def _locked(application: Application) -> Application:
    return locked(application, "program", "policy")


def _editable(application: Application, on: datetime.date) -> None:
    if application.status == ApplicationStatus.DRAFT:
        return
    if application.resubmission_open(on):
        return
    if application.status == ApplicationStatus.MORE_INFORMATION:
        raise ValidationError(
            f"The deadline to answer the request for more information on {application} passed "
            f"on {long_date(application.resubmit_by)}."  # type: ignore[arg-type]  # set when asked
        )
    raise ValidationError(
        f"{application} is {application.get_status_display().lower()}: it can no longer change."
    )


def _event(
    application: Application,
    kind: ApplicationEventKind,
    by: User | None,
    at: datetime.datetime,
    reason: str = "",
) -> None:
    ApplicationEvent.objects.create(application=application, kind=kind, by=by, at=at, reason=reason)


def _store(evidence: Evidence, upload: UploadedFile) -> Evidence:
    checked = check_upload(upload)
    evidence.original_name = (upload.name or "document")[-200:]
    evidence.content_type = checked.content_type
    evidence.size = checked.size
    evidence.sha256 = checked.sha256
    evidence._extension = checked.extension  # type: ignore[attr-defined]  # read by stored_name
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence
