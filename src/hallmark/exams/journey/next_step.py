"""Where a candidate is on the way to the exam, and the one next step, for the dashboard."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.exams.data import (
    LIVE_SESSION,
    ApplicationStatus,
    AttemptOutcome,
    RegistrationStatus,
)
from hallmark.exams.journey.applications import application_problems
from hallmark.exams.journey.common import local_date, local_datetime_text
from hallmark.exams.journey.retakes import long_date, retake_check
from hallmark.exams.models import Application, ExamSession, Registration


@dataclass(frozen=True)
class NextStep:
    """The one thing the candidate should do (or wait for) now."""

    title: str
    text: str
    url: str = ""
    action: str = ""


def _booked(registration: Registration, now: datetime.datetime) -> NextStep:
    window, program = registration.window, registration.program
    if window.is_open(now):
        when = f"It is open now, until {local_datetime_text(program, window.closes_at)}."
    else:
        when = f"It opens on {local_datetime_text(program, window.opens_at)}."
    return NextStep(
        "Take your exam",
        f"You have a seat in {window.name} ({window.get_delivery_mode_display().lower()}). {when}",
        reverse("exams:booking", args=[registration.pk]),
        "See your booking",
    )


def _approved(user: User, application: Application, today: datetime.date) -> NextStep:
    program = application.program
    expires_on = application.approval_expires_on
    assert expires_on is not None  # approved: approved_application_has_dates
    if not application.approval_current(today):
        return NextStep(
            "Apply again",
            f"Your approval for {program.designation} expired on {long_date(expires_on)}.",
            reverse("exams:apply", args=[program.designation]),
            f"Apply to {program.designation} again",
        )
    last = (
        Registration.objects.filter(candidate=user, program=program, status=RegistrationStatus.SAT)
        .order_by("-sat_on")
        .first()
    )
    if last is not None:
        assert last.sat_on is not None  # sat: sat_registration_has_a_date
        sat_on = long_date(last.sat_on)
        if last.attempt_outcome == AttemptOutcome.UNKNOWN:
            return NextStep(
                "Wait for your result",
                f"You sat the {program.designation} exam on {sat_on}. "
                "We will email you when your result is released.",
            )
        if last.attempt_outcome == AttemptOutcome.PASS:
            return NextStep(
                "You passed",
                f"You passed the {program.designation} exam on {sat_on}. "
                "We will email you when your credential is issued.",
            )
    check = retake_check(user, program, today)
    if not check.allowed:
        return NextStep("Wait before you book again", check.reason)
    return NextStep(
        "Book a seat in a testing window",
        f"Your approval expires on {long_date(expires_on)}.",
        reverse("exams:book"),
        "Choose a testing window",
    )


def next_step(user: User, now: datetime.datetime | None = None) -> NextStep:
    now = now or timezone.now()
    booked = (
        Registration.objects.filter(candidate=user, status=RegistrationStatus.BOOKED)
        .select_related("window", "program")
        .first()
    )
    if booked is not None:
        return _booked(booked, now)
    application = (
        Application.objects.filter(candidate=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("program", "policy")
        .first()
    )
    if application is None:
        return NextStep(
            "Apply to a program",
            "Choose a program below and start your application.",
            "#programs-title",
            "See the programs",
        )
    program = application.program
    today = local_date(program, now)
    url = reverse("exams:application", args=[application.pk])
    status = application.status
    if status == ApplicationStatus.DRAFT:
        missing = len(application_problems(application))
        return NextStep(
            "Finish your application",
            f"Your {program.designation} application needs {missing} more "
            f"{'thing' if missing == 1 else 'things'} before you can submit it.",
            url,
            "Continue your application",
        )
    if status == ApplicationStatus.SUBMITTED:
        return NextStep(
            "Wait for the decision",
            f"You submitted your {program.designation} application. The credentialing staff "
            "will email you with their decision.",
            url,
            "See your application",
        )
    if status == ApplicationStatus.MORE_INFORMATION:
        resubmit_by = application.resubmit_by
        assert resubmit_by is not None  # asked: more_information_has_deadline
        if application.resubmission_open(today):
            return NextStep(
                "Send the information asked for",
                f"Update your application and submit it again by {long_date(resubmit_by)}.",
                url,
                "Update your application",
            )
        return NextStep(
            "Start a new application",
            f"The deadline for more information passed on {long_date(resubmit_by)}. "
            "Withdraw this application and apply again.",
            url,
            "See your application",
        )
    if status == ApplicationStatus.DENIED:
        appeal = application.appeals.filter(decided_at__isnull=True).first()
        if appeal is not None:
            return NextStep(
                "Wait for the appeal decision",
                f"Your appeal {appeal.reference} is being considered by an independent panel.",
                reverse("appeals:appeal", args=[appeal.pk]),
                "See your appeal",
            )
        appeal_by = application.appeal_by
        if appeal_by is not None and application.appeal_open(today):
            return NextStep(
                "Appeal, if you disagree",
                f"Your {program.designation} application was denied. You may appeal until "
                f"{long_date(appeal_by)}.",
                reverse("appeals:file", args=["application", application.pk]),
                "Appeal this decision",
            )
        return NextStep(
            "Apply again when you are ready",
            f"Your {program.designation} application was denied.",
            reverse("exams:apply", args=[program.designation]),
            f"Apply to {program.designation} again",
        )
    return _approved(user, application, today)


def legal_name_hold(person: User) -> str:
    """Why the person's legal name may not change now: a seat booked (and authorized) under
    it, or an exam not yet over. "" when neither (see accounts.services.NAME_HOLDS)."""
    seat = Registration.objects.filter(candidate=person, status=RegistrationStatus.BOOKED).first()
    if seat is not None:
        return f"your seat {seat.authorization_code} is booked under it"
    if ExamSession.objects.filter(candidate=person, status__in=LIVE_SESSION).exists():
        return "your exam is not over"
    return ""
