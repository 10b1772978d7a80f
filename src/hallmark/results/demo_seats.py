"""Seats, sittings and releases for the demo's simulated candidates: an approved, paid
application and a booked registration in a window, a submitted session with its answers, all
written directly (the booking and delivery journeys are for live candidates), then scored and
released as a psychometrician would."""

import datetime
from collections.abc import Mapping, Sequence

from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.exams.data import ApplicationStatus, FeeStatus, SessionStatus
from hallmark.exams.models import (
    Application,
    ExamSession,
    Form,
    Registration,
    Response,
    TestingWindow,
)
from hallmark.programs.models import EligibilityPolicy
from hallmark.results import services
from hallmark.results.data import KeyAction, RunStatus
from hallmark.results.models import KeyOverride, ScoringRun

APPROVED_BEFORE = datetime.timedelta(days=20)  # applications approved this long before it opens


def seat_cohort(
    window: TestingWindow,
    candidates: Sequence[User],
    codes: Sequence[str],
    *,
    applied_at: datetime.datetime,
) -> list[Registration]:
    """Each candidate's registration in the window (authorization code `codes[i]`), in order.

    A candidate already booked in the window keeps that registration, and one who applied to
    the program keeps that application, so that seating again changes nothing.
    """
    booked: dict[int, Registration] = {}
    for registration in Registration.objects.filter(window=window, candidate__in=candidates):
        booked.setdefault(registration.candidate_id, registration)
    new = [(c, code) for c, code in zip(candidates, codes, strict=True) if c.pk not in booked]
    applications = _applications(window, [c for c, _ in new], applied_at)
    made = Registration.objects.bulk_create(
        Registration(
            candidate=candidate,
            program=window.program,
            application=applications[candidate.pk],
            window=window,
            booked_by=candidate,
            authorization_code=code,
            authorization_expires_at=window.closes_at,
        )
        for candidate, code in new
    )
    booked |= {r.candidate_id: r for r in made}
    return [booked[c.pk] for c in candidates]


def _applications(
    window: TestingWindow, candidates: list[User], applied_at: datetime.datetime
) -> dict[int, Application]:
    """Each candidate's application to the window's program: their latest, or a new approved one."""
    program = window.program
    found: dict[int, Application] = {}
    for application in Application.objects.filter(program=program, candidate__in=candidates):
        found.setdefault(application.candidate_id, application)
    missing = [c for c in candidates if c.pk not in found]
    if not missing:
        return found
    policy = EligibilityPolicy.in_force(program)
    assert policy is not None  # the programs' demo made it
    approved_on = window.opens_at.date() - APPROVED_BEFORE
    made = Application.objects.bulk_create(
        Application(
            candidate=candidate,
            program=program,
            policy=policy,
            status=ApplicationStatus.APPROVED,
            submitted_at=applied_at,
            fee_status=FeeStatus.PAID,
            approved_on=approved_on,
            approval_expires_on=approved_on + datetime.timedelta(days=365),
        )
        for candidate in missing
    )
    return found | {a.candidate_id: a for a in made}


def record_sitting(
    registration: Registration,
    form: Form,
    chosen: Mapping[int, str],
    *,
    at: datetime.datetime,
    seed: int,
) -> ExamSession:
    """A submitted session of `form`, finished `at`, with the option `chosen` at each position."""
    session = ExamSession.objects.create(
        registration=registration,
        candidate=registration.candidate,
        form=form,
        status=SessionStatus.SUBMITTED,
        seed=seed,
        started_at=at - datetime.timedelta(hours=2),
        submitted_at=at,
    )
    Response.objects.bulk_create(
        Response(session=session, form_item=fi, selected=chosen[fi.position], sequence=1)
        for fi in form.items.all()
    )
    return session


def score_and_release(window: TestingWindow, form: Form, by: User, *, reason: str) -> ScoringRun:
    """The window's released run of `form`: scored and released the first time, each flagged
    item's key kept for `reason` (the demo's flags are small samples' and reviewed)."""
    released = ScoringRun.objects.filter(window=window, form=form, status=RunStatus.RELEASED)
    if (done := released.first()) is not None:
        return done
    run = services.score_window(window, form, by=by)
    for item in run.flagged:
        if not KeyOverride.objects.filter(
            form_item__form=form, form_item__position=item["position"]
        ).exists():
            services.override_key(
                form.items.get(position=item["position"]),
                action=KeyAction.KEEP,
                reason=reason,
                by=by,
            )
    with recorded_only():
        return services.release_run(run, by=by)
