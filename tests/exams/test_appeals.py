"""Appeals of denied applications and accommodations: who files, when, and who decides."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.exams.data import (
    AccommodationDecision,
    AccommodationKind,
    AccommodationStatus,
    AppealDecision,
    AppealStatus,
    ApplicationEventKind,
    ApplicationStatus,
    Decision,
)
from hallmark.exams.journey import accommodations, appeals, applications, registrations

from factories import TestingWindowFactory, UserFactory, pdf, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_officer(db):
    return UserFactory(roles=[Role.CREDENTIALING_OFFICER])


@pytest.fixture
def denied(program, cast):
    application = submitted(cast.candidate, program)
    return applications.decide_application(
        application, Decision.DENY, reason="Too little experience.", by=cast.officer
    )


def test_the_candidate_appeals_a_denial_within_the_period(denied, cast) -> None:
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(application=denied, statement="Please.", by=cast.outsider)
    with pytest.raises(ValidationError, match="Say why"):
        appeals.file_appeal(application=denied, statement=" ", by=cast.candidate)
    appeal = appeals.file_appeal(
        application=denied, statement="My second job counts too.", by=cast.candidate
    )
    assert appeal.status == AppealStatus.OPEN
    assert denied.events.last().kind == ApplicationEventKind.APPEALED
    with pytest.raises(ValidationError, match="already been appealed"):
        appeals.file_appeal(application=denied, statement="Again.", by=cast.candidate)


def test_the_appeal_period_ends_on_its_last_day(denied, cast) -> None:
    last_day = datetime.datetime.combine(
        denied.appeal_by, datetime.time(23, 59), tzinfo=denied.program.time_zone
    )
    with pytest.raises(ValidationError, match="time to appeal"):
        appeals.file_appeal(
            application=denied,
            statement="Late.",
            by=cast.candidate,
            now=last_day + datetime.timedelta(minutes=2),
        )
    assert appeals.file_appeal(
        application=denied, statement="Just in time.", by=cast.candidate, now=last_day
    ).pk


def test_an_undenied_decision_cannot_be_appealed(program, cast) -> None:
    application = submitted(cast.candidate, program)
    with pytest.raises(ValidationError, match="not denied"):
        appeals.file_appeal(application=application, statement="?", by=cast.candidate)


def test_another_officer_hears_the_appeal(denied, cast, second_officer, committed) -> None:
    appeal = appeals.file_appeal(application=denied, statement="Reconsider.", by=cast.candidate)
    with pytest.raises(PermissionDenied, match="another officer"):
        appeals.decide_appeal(appeal, AppealDecision.OVERTURN, reason="ok", by=cast.officer)
    with pytest.raises(PermissionDenied):
        appeals.decide_appeal(appeal, AppealDecision.OVERTURN, reason="ok", by=cast.manager)
    with pytest.raises(ValidationError, match="reason"):
        appeals.decide_appeal(appeal, AppealDecision.UPHOLD, reason="", by=second_officer)
    with committed():
        upheld = appeals.decide_appeal(
            appeal, AppealDecision.UPHOLD, reason="The work was part time.", by=second_officer
        )
    denied.refresh_from_db()
    assert upheld.status == AppealStatus.UPHELD and denied.status == ApplicationStatus.DENIED
    assert denied.events.last().kind == ApplicationEventKind.APPEAL_UPHELD
    assert "decision upheld" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="its status is “Decision upheld”"):
        appeals.decide_appeal(appeal, AppealDecision.OVERTURN, reason="x", by=second_officer)


def test_overturning_a_denial_approves_the_application(denied, cast, second_officer) -> None:
    appeal = appeals.file_appeal(application=denied, statement="Reconsider.", by=cast.candidate)
    appeals.decide_appeal(
        appeal, AppealDecision.OVERTURN, reason="Both jobs count.", by=second_officer
    )
    denied.refresh_from_db()
    assert denied.status == ApplicationStatus.APPROVED
    assert denied.approval_current(denied.program.today())
    assert denied.decided_by == second_officer


def test_overturning_an_accommodation_denial_reaches_the_booking(
    program, cast, second_officer
) -> None:
    from factories import approved

    approved(cast.candidate, program, cast.officer)
    now = timezone.now()
    window = TestingWindowFactory(
        program=program, opens_at=now, closes_at=now + datetime.timedelta(days=9)
    )
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    request = accommodations.request_accommodation(
        cast.candidate,
        program,
        kind=AccommodationKind.EXTRA_TIME,
        time_factor=Decimal("1.25"),
        documentation=pdf(),
        by=cast.candidate,
    )
    accommodations.decide_accommodation(
        request, AccommodationDecision.DENY, reason="Undocumented.", by=cast.officer
    )
    appeal = appeals.file_appeal(accommodation=request, statement="Here it is.", by=cast.candidate)
    appeals.decide_appeal(appeal, AppealDecision.OVERTURN, reason="Documented.", by=second_officer)
    request.refresh_from_db()
    assert request.status == AccommodationStatus.APPROVED
    assert seat.time_factor == Decimal("1.25")
