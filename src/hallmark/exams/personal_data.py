"""The exams part of a person's data (see `hallmark.accounts.personal_data` for the shape), and
the retention schedule's removal of evidence files and responses.

The export has the applications, accommodations, bookings and sittings, never the exam: no
item, no option, no key, no response.
"""

import datetime
import functools

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hallmark.accounts.data import RetainedKind
from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row, when
from hallmark.accounts.retention import record_removal, schedule_for
from hallmark.exams.data import (
    OPEN_APPLICATION,
    AccommodationStatus,
    SessionEventKind,
    SessionStatus,
)
from hallmark.exams.models import (
    AccommodationRequest,
    Application,
    Evidence,
    Registration,
    Response,
    SessionEvent,
)
from hallmark.programs.models import Program

TITLE = gettext_noop("Applications and exams")

REMOVED = (
    _(
        "the files you uploaded as evidence for decided applications and accommodations "
        "(their names and dates stay)"
    ),
)
KEPT = (
    _(
        "your applications, accommodations, bookings and exam sittings: the record of how you "
        "became eligible and sat the exam"
    ),
)


def _applications(person: User) -> list[Row]:
    rows: list[Row] = []
    applications = Application.objects.filter(candidate=person).select_related("program")
    for application in applications.prefetch_related("answers__criterion"):
        answers = "; ".join(
            f"{answer.criterion.code}: {answer.text}" for answer in application.answers.all()
        )
        rows.append(
            {
                gettext_noop("program"): application.program.designation,
                gettext_noop("status"): application.get_status_display(),
                gettext_noop("created"): when(application.created_at),
                gettext_noop("submitted"): when(application.submitted_at),
                gettext_noop("decided"): when(application.decided_at),
                gettext_noop("decision reason"): application.decision_reason,
                gettext_noop("eligibility answers"): answers,
                gettext_noop("fee"): application.get_fee_status_display(),
            }
        )
    return rows


def _accommodations(person: User) -> list[Row]:
    return [
        {
            gettext_noop("program"): request.program.designation,
            gettext_noop("accommodation"): str(request),
            gettext_noop("status"): request.get_status_display(),
            gettext_noop("requested"): when(request.requested_at),
            gettext_noop("decided"): when(request.decided_at),
            gettext_noop("decision reason"): request.decision_reason,
        }
        for request in AccommodationRequest.objects.filter(candidate=person).select_related(
            "program"
        )
    ]


def _evidence(person: User) -> list[Row]:
    return [
        {
            gettext_noop("document"): document.original_name,
            gettext_noop("uploaded"): when(document.uploaded_at),
            gettext_noop("withdrawn"): when(document.withdrawn_at),
            gettext_noop("file kept"): bool(document.file),
        }
        for document in Evidence.objects.filter(owner=person)
    ]


def _bookings(person: User) -> list[Row]:
    rows: list[Row] = []
    registrations = Registration.objects.filter(candidate=person).select_related("window")
    for registration in registrations.prefetch_related("session").order_by("booked_at", "pk"):
        session = getattr(registration, "session", None)
        rows.append(
            {
                gettext_noop("window"): registration.window.name,
                gettext_noop("authorization"): registration.authorization_code,
                gettext_noop("status"): registration.get_status_display(),
                gettext_noop("booked"): when(registration.booked_at),
                gettext_noop("sat on"): when(registration.sat_on),
                gettext_noop("exam started"): when(session.started_at) if session else None,
                gettext_noop("exam submitted"): when(session.submitted_at) if session else None,
            }
        )
    return rows


def export(person: User) -> dict[str, list[Row]]:
    return {
        gettext_noop("Applications"): _applications(person),
        gettext_noop("Accommodations"): _accommodations(person),
        gettext_noop("Evidence you uploaded"): _evidence(person),
        gettext_noop("Exam bookings and sittings"): _bookings(person),
    }


def _remove_files(documents: QuerySet[Evidence], now: datetime.datetime) -> int:
    """Delete the files (after the commit: a rolled-back change keeps them); the rows stay,
    withdrawn, with an empty file."""
    count = 0
    for document in documents.exclude(file=""):
        stored = str(document.file.name)  # not empty: excluded above
        transaction.on_commit(functools.partial(document.file.storage.delete, stored))
        Evidence.objects.filter(pk=document.pk).update(
            file="", withdrawn_at=document.withdrawn_at or now
        )
        count += 1
    return count


def _decided() -> Q:
    """Evidence whose application or accommodation is decided: nothing waits on it."""
    application = Q(application__isnull=False) & ~Q(application__status__in=OPEN_APPLICATION)
    accommodation = Q(accommodation__isnull=False) & ~Q(
        accommodation__status=AccommodationStatus.REQUESTED
    )
    return application | accommodation


def erase(person: User, now: datetime.datetime) -> list[str]:
    count = _remove_files(Evidence.objects.filter(_decided(), owner=person), now)
    return [f"{count} evidence file(s) removed"]


def _of_program(program: Program) -> Q:
    return Q(application__program=program) | Q(accommodation__program=program)


def remove_old_evidence(now: datetime.datetime) -> int:
    """Remove the evidence files past each program's retention; idempotent."""
    total = 0
    for program in Program.objects.order_by("pk"):
        made_before = schedule_for(program.pk).cutoff(RetainedKind.EVIDENCE, now)
        due = Evidence.objects.filter(_of_program(program), _decided(), uploaded_at__lt=made_before)
        with transaction.atomic():
            count = _remove_files(due, now)
            record_removal(RetainedKind.EVIDENCE, count, made_before, program.pk)
        total += count
    return total


def remove_old_responses(now: datetime.datetime) -> int:
    """Remove the responses of finished sittings past each program's retention (the results,
    with their scores, stay); idempotent."""
    total = 0
    for program in Program.objects.order_by("pk"):
        made_before = schedule_for(program.pk).cutoff(RetainedKind.RESPONSES, now)
        due = Response.objects.filter(
            session__registration__program=program,
            session__status__in=(SessionStatus.SUBMITTED, SessionStatus.VOIDED),
            answered_at__lt=made_before,
        )
        with transaction.atomic():
            _forget_choices(program, made_before)
            count, _ = due.delete()
            record_removal(RetainedKind.RESPONSES, count, made_before, program.pk)
        total += count
    return total


def _forget_choices(program: Program, made_before: datetime.datetime) -> None:
    """The session's journal keeps each answer's time and position, not the option chosen."""
    journal = SessionEvent.objects.filter(
        session__registration__program=program,
        session__status__in=(SessionStatus.SUBMITTED, SessionStatus.VOIDED),
        kind=SessionEventKind.ANSWER,
        at__lt=made_before,
        data__has_key="selected",
    )
    events = list(journal)
    for event in events:
        event.data.pop("selected", None)
    SessionEvent.objects.bulk_update(events, ["data"], batch_size=500)
