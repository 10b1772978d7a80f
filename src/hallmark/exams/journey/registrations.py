"""Testing windows and registrations: booking, cancelling and moving a seat, attempts,
no-shows and expired authorizations.

Each change of state is one function in one transaction, under the journey's contract (see
`hallmark.exams.journey`): the person acting is `by`; refusals are PermissionDenied or
ValidationError.
"""

import datetime
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.exams.data import SEAT_HOLDING, ApplicationStatus, AttemptOutcome, RegistrationStatus
from hallmark.exams.journey.common import (
    absolute_url,
    attach_approved,
    local_date,
    local_datetime_text,
    start_of_day,
)
from hallmark.exams.journey.retakes import retake_check
from hallmark.exams.models import AccommodationRequest, Application, Registration, TestingWindow
from hallmark.lib.chunks import chunks
from hallmark.lib.clock import now_or
from hallmark.lib.permissions import need, not_own_case
from hallmark.programs.models import Program

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@transaction.atomic
def save_window(window: TestingWindow, *, by: User) -> TestingWindow:
    """Create or change a testing window (program managers set windows up)."""
    action = "change" if window.pk else "add"
    need(by, f"exams.{action}_testingwindow", f"{action} the testing window {window}")
    window.full_clean()
    window.save()
    return window


def bookable_windows(program: Program, now: datetime.datetime | None = None) -> list[TestingWindow]:
    """Windows of a program that have not closed and still have seats, soonest first."""
    at = now_or(now)
    windows = TestingWindow.objects.filter(program=program, closes_at__gt=at).order_by("opens_at")
    return [w for w in windows if w.seats_left() > 0]


def current_approval(candidate: User, program: Program, on: datetime.date) -> Application | None:
    for application in Application.objects.filter(
        candidate=candidate, program=program, status=ApplicationStatus.APPROVED
    ).order_by("-approved_on"):
        if application.approval_current(on):
            return application
    return None


def _authorization_code(program: Program) -> str:
    while True:
        code = (
            program.designation[:6]
            + "-"
            + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        )
        if not Registration.objects.filter(authorization_code=code).exists():
            return code


def _acting_for(candidate: User, by: User, what: str) -> bool:
    """Whether staff act on the candidate's behalf (True) or the candidate themself (False)."""
    if by.pk == candidate.pk:
        return False
    need(by, "exams.manage_registration", what)
    not_own_case(by, candidate.pk, what)
    return True


def _book(
    candidate: User,
    window: TestingWindow,
    by: User,
    at: datetime.datetime,
    rescheduled_from: Registration | None = None,
) -> Registration:
    program = window.program
    today = local_date(program, at)
    window = TestingWindow.objects.select_for_update().get(pk=window.pk)  # one seat at a time
    if at >= window.closes_at:
        raise ValidationError(
            f"{window} closed on {local_datetime_text(program, window.closes_at)}."
        )
    application = current_approval(candidate, program, today)
    if application is None:
        raise ValidationError(
            f"You need a current approved application to {program.designation} to book a seat."
        )
    if window.registrations.filter(status__in=SEAT_HOLDING).count() >= window.capacity:
        raise ValidationError(f"{window} is full: choose another window.")
    if Registration.objects.filter(
        candidate=candidate, program=program, status=RegistrationStatus.BOOKED
    ).exists():
        raise ValidationError(
            f"You already have a booking for {program.designation}: cancel or move it instead."
        )
    check = retake_check(candidate, program, today)
    if not check.allowed:
        raise ValidationError(check.reason)
    expires_on = application.approval_expires_on
    assert expires_on is not None  # approved: approved_application_has_dates
    approval_end = start_of_day(program, expires_on)
    registration = Registration.objects.create(
        candidate=candidate,
        program=program,
        application=application,
        window=window,
        booked_at=at,
        booked_by=by,
        authorization_code=_authorization_code(program),
        authorization_expires_at=min(window.closes_at, approval_end),
        rescheduled_from=rescheduled_from,
    )
    attach_approved(registration, at)
    return registration


# A time in the program's zone, written when the message is rendered: in its reader's language.
_written_time = lazy(local_datetime_text, str)


def _summaries(accommodations: list[AccommodationRequest]) -> str:
    return ", ".join(a.summary for a in accommodations)


# The accommodations too are written when the message is rendered, in its reader's language.
_written_summaries = lazy(_summaries, str)


def _booking_context(registration: Registration) -> dict[str, object]:
    window, program = registration.window, registration.program
    accommodations = registration.approved_accommodations()
    return {
        "window": window.name,
        "delivery_mode": lazy(window.get_delivery_mode_display, str)(),
        "opens": _written_time(program, window.opens_at),
        "closes": _written_time(program, window.closes_at),
        "time_zone": program.display_time_zone,
        "authorization_code": registration.authorization_code,
        "authorization_expires": _written_time(program, registration.authorization_expires_at),
        "accommodations": _written_summaries(accommodations) if accommodations else "",
        "url": absolute_url("exams:booking", registration.pk),
    }


@transaction.atomic
def book(
    candidate: User,
    window: TestingWindow,
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> Registration:
    """Book an approved candidate into a window: a seat, an authorization that expires when the
    window closes (or the approval lapses, if sooner), and their approved accommodations.
    The retake policy is applied on the program's today."""
    _acting_for(candidate, by, f"book a seat for {candidate.email}")
    at = now_or(now)
    registration = _book(candidate, window, by, at)
    notify(candidate, MessageKey.BOOKING_CONFIRMED, _booking_context(registration))
    return registration


def _changeable(registration: Registration, by: User, at: datetime.datetime, what: str) -> bool:
    staff = _acting_for(registration.candidate, by, f"{what} {registration}")
    if registration.status != RegistrationStatus.BOOKED:
        raise ValidationError(
            _("This booking cannot change (status: %(status)s).")
            % {"status": registration.get_status_display()}
        )
    if not staff and at >= registration.window.changes_close_at():
        closes = registration.window.changes_close_at()
        raise ValidationError(
            _(
                "Bookings in %(window)s can be changed until %(time)s; after that, ask the "
                "credentialing staff."
            )
            % {
                "window": registration.window.name,
                "time": local_datetime_text(registration.program, closes),
            }
        )
    return staff


@transaction.atomic
def cancel_registration(
    registration: Registration,
    *,
    by: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Give a seat up: the candidate until the window's change deadline, staff at any time
    (with a reason)."""
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    staff = _changeable(registration, by, at, "cancel")
    if staff and not reason.strip():
        raise ValidationError(
            {"reason": "Say why the booking is cancelled: the candidate reads it."}
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.changed_at, registration.changed_by = at, by
    registration.change_reason = reason.strip()
    registration.save()
    notify(
        registration.candidate,
        MessageKey.BOOKING_CANCELLED,
        {
            "window": registration.window.name,
            "reason": registration.change_reason,
            "url": absolute_url("portal"),
        },
    )
    return registration


@transaction.atomic
def reschedule_registration(
    registration: Registration,
    window: TestingWindow,
    *,
    by: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Move a booking to another window of the same program (same rules as a new booking)."""
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _changeable(registration, by, at, "move")
    if window.program_id != registration.program_id:
        raise ValidationError(f"{window} is a window of another program.")
    if window.pk == registration.window_id:
        raise ValidationError(f"The booking is already in {window}.")
    old_window = registration.window
    registration.status = RegistrationStatus.RESCHEDULED
    registration.changed_at, registration.changed_by = at, by
    registration.change_reason = reason.strip()
    registration.save()
    new = _book(registration.candidate, window, by, at, rescheduled_from=registration)
    notify(
        registration.candidate,
        MessageKey.BOOKING_RESCHEDULED,
        {"old_window": old_window.name, **_booking_context(new)},
    )
    return new


@transaction.atomic
def record_attempt(
    registration: Registration,
    *,
    on: datetime.date | datetime.datetime,
    outcome: AttemptOutcome = AttemptOutcome.UNKNOWN,
    by: User | None = None,
) -> Registration:
    """Record that the candidate sat the exam (delivery calls this when a session starts).

    A moment is turned into the program's local date, so 23:30 local counts as that day.
    """
    if by is not None:
        need(by, "exams.manage_registration", f"record an attempt for {registration}")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.BOOKED, RegistrationStatus.SAT):
        raise ValidationError(
            f"{registration} is {registration.get_status_display().lower()}: "
            "no attempt can be recorded."
        )
    day = local_date(registration.program, on) if isinstance(on, datetime.datetime) else on
    registration.status = RegistrationStatus.SAT
    registration.sat_on = day
    registration.attempt_outcome = outcome
    registration.save(update_fields=["status", "sat_on", "attempt_outcome"])
    return registration


def record_attempts(
    attempts: Sequence[tuple[Registration, datetime.date, AttemptOutcome]],
) -> list[Registration]:
    """Record many sittings' outcomes at once (a release): each registration still booked or
    sat becomes sat on its day with its outcome, one UPDATE per day and outcome. Returns the
    registrations left as they were because they are neither (cancelled or rescheduled since),
    for the caller to say so."""
    open_states = (RegistrationStatus.BOOKED, RegistrationStatus.SAT)
    left: list[Registration] = []
    groups: dict[tuple[datetime.date, AttemptOutcome], list[int]] = {}
    for registration, day, outcome in attempts:
        groups.setdefault((day, outcome), []).append(registration.pk)
    for (day, outcome), pks in groups.items():
        for chunk in chunks(pks):
            sittings = Registration.objects.filter(pk__in=chunk)
            left += sittings.exclude(status__in=open_states)
            sittings.filter(status__in=open_states).update(
                status=RegistrationStatus.SAT, sat_on=day, attempt_outcome=outcome
            )
    return left


@transaction.atomic
def record_no_show(
    registration: Registration, *, by: User, now: datetime.datetime | None = None
) -> Registration:
    """Close a seat the candidate did not use, once the window has closed."""
    need(by, "exams.manage_registration", f"record a no-show for {registration}")
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.BOOKED:
        raise ValidationError(f"{registration} is {registration.get_status_display().lower()}.")
    if at < registration.window.closes_at:
        raise ValidationError(f"{registration.window} has not closed yet.")
    registration.status = RegistrationStatus.NO_SHOW
    registration.changed_at, registration.changed_by = at, by
    registration.save(update_fields=["status", "changed_at", "changed_by"])
    return registration


@transaction.atomic
def expire_registrations(now: datetime.datetime | None = None) -> int:
    """Mark booked seats whose authorization has run out as expired; return how many.

    Safe to run as often as wanted (a daily job); `Registration.authorized` never relies on it.
    """
    at = now_or(now)
    return Registration.objects.filter(
        status=RegistrationStatus.BOOKED, authorization_expires_at__lte=at
    ).update(
        status=RegistrationStatus.EXPIRED, changed_at=at, change_reason="The authorization expired."
    )
