"""Where a candidate is on the way to the exam, and the one next step, for the dashboard."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallmark.accounts.models import User
from hallmark.exams.data import (
    LIVE_SESSION,
    ApplicationStatus,
    AttemptOutcome,
    RegistrationStatus,
)
from hallmark.exams.journey.applications import application_problems
from hallmark.exams.journey.common import local_date, local_datetime_text
from hallmark.exams.journey.retakes import retake_check
from hallmark.exams.models import Application, ExamSession, Registration
from hallmark.lib.dates import long_date


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
        when = _("It is open now, until %(closes)s.") % {
            "closes": local_datetime_text(program, window.closes_at)
        }
    else:
        opens = local_datetime_text(program, window.opens_at)
        when = _("It opens on %(opens)s.") % {"opens": opens}
    seat = _("You have a seat in %(window)s (%(mode)s).") % {
        "window": window.name,
        "mode": window.get_delivery_mode_display().lower(),
    }
    return NextStep(
        _("Take your exam"),
        f"{seat} {when}",
        reverse("exams:booking", args=[registration.pk]),
        _("See your booking"),
    )


def _approved(user: User, application: Application, today: datetime.date) -> NextStep:
    program = application.program
    expires_on = application.approval_expires_on
    assert expires_on is not None  # approved: approved_application_has_dates
    if not application.approval_current(today):
        return NextStep(
            _("Apply again"),
            _("Your approval for %(designation)s expired on %(day)s.")
            % {"designation": program.designation, "day": long_date(expires_on)},
            reverse("exams:apply", args=[program.designation]),
            _("Apply to %(designation)s again") % {"designation": program.designation},
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
                _("Wait for your result"),
                _(
                    "You sat the %(designation)s exam on %(day)s. "
                    "We will email you when your result is released."
                )
                % {"designation": program.designation, "day": sat_on},
            )
        if last.attempt_outcome == AttemptOutcome.PASS:
            return NextStep(
                _("You passed"),
                _(
                    "You passed the %(designation)s exam on %(day)s. "
                    "We will email you when your credential is issued."
                )
                % {"designation": program.designation, "day": sat_on},
            )
    check = retake_check(user, program, today)
    if not check.allowed:
        return NextStep(_("Wait before you book again"), check.reason)
    return NextStep(
        _("Book a seat in a testing window"),
        _("Your approval expires on %(day)s.") % {"day": long_date(expires_on)},
        reverse("exams:book"),
        _("Choose a testing window"),
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
            _("Apply to a program"),
            _("Choose a program below and start your application."),
            "#programs-title",
            _("See the programs"),
        )
    program = application.program
    today = local_date(program, now)
    url = reverse("exams:application", args=[application.pk])
    status = application.status
    if status == ApplicationStatus.DRAFT:
        missing = len(application_problems(application))
        return NextStep(
            _("Finish your application"),
            ngettext(
                "Your %(designation)s application needs %(missing)s more thing before you can "
                "submit it.",
                "Your %(designation)s application needs %(missing)s more things before you can "
                "submit it.",
                missing,
            )
            % {"designation": program.designation, "missing": missing},
            url,
            _("Continue your application"),
        )
    if status == ApplicationStatus.SUBMITTED:
        return NextStep(
            _("Wait for the decision"),
            _(
                "You submitted your %(designation)s application. The credentialing staff will "
                "email you with their decision."
            )
            % {"designation": program.designation},
            url,
            _("See your application"),
        )
    if status == ApplicationStatus.MORE_INFORMATION:
        resubmit_by = application.resubmit_by
        assert resubmit_by is not None  # asked: more_information_has_deadline
        if application.resubmission_open(today):
            return NextStep(
                _("Send the information asked for"),
                _("Update your application and submit it again by %(day)s.")
                % {"day": long_date(resubmit_by)},
                url,
                _("Update your application"),
            )
        return NextStep(
            _("Start a new application"),
            _(
                "The deadline for more information passed on %(day)s. "
                "Withdraw this application and apply again."
            )
            % {"day": long_date(resubmit_by)},
            url,
            _("See your application"),
        )
    if status == ApplicationStatus.DENIED:
        appeal = application.appeals.filter(decided_at__isnull=True).first()
        if appeal is not None:
            return NextStep(
                _("Wait for the appeal decision"),
                _("Your appeal %(reference)s is being considered by an independent panel.")
                % {"reference": appeal.reference},
                reverse("appeals:appeal", args=[appeal.pk]),
                _("See your appeal"),
            )
        appeal_by = application.appeal_by
        if appeal_by is not None and application.appeal_open(today):
            return NextStep(
                _("Appeal, if you disagree"),
                _("Your %(designation)s application was denied. You may appeal until %(day)s.")
                % {"designation": program.designation, "day": long_date(appeal_by)},
                reverse("appeals:file", args=["application", application.pk]),
                _("Appeal this decision"),
            )
        return NextStep(
            _("Apply again when you are ready"),
            _("Your %(designation)s application was denied.")
            % {"designation": program.designation},
            reverse("exams:apply", args=[program.designation]),
            _("Apply to %(designation)s again") % {"designation": program.designation},
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
