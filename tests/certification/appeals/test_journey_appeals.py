"""Appeals of a denied application or accommodation, and of a declined certification: an
overturn approves, grants or issues through the owning service; upheld leaves the decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallmark.certification import services as credentials
from hallmark.certification.appeals import services
from hallmark.certification.data import AppealOutcome, AppealSubject, DecisionStatus
from hallmark.exams.data import (
    AccommodationDecision,
    AccommodationKind,
    AccommodationStatus,
    ApplicationEventKind,
    ApplicationStatus,
    Decision,
)
from hallmark.exams.journey import accommodations, applications, registrations
from hallmark.programs.models import CasePolicy

from factories import (
    ApprovedApplicationFactory,
    CertificationDecisionFactory,
    TestingWindowFactory,
    approved,
    decided,
    pdf,
    ready_program,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def journey(db):
    program = ready_program(designation="ESP", name="Employment Support Professional")
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    return program


@pytest.fixture
def denied(journey, cast):
    application = submitted(cast.candidate, journey)
    return applications.decide_application(
        application, Decision.DENY, reason="Too little experience.", by=cast.officer
    )


def test_the_deadline_is_the_one_the_candidate_was_told(denied, cast):
    last_day = datetime.datetime.combine(
        denied.appeal_by, datetime.time(23, 59), tzinfo=denied.program.time_zone
    )
    with pytest.raises(ValidationError, match="time to appeal this decision ended"):
        services.file_appeal(
            AppealSubject.APPLICATION,
            denied,
            by=cast.candidate,
            grounds="Late.",
            now=last_day + datetime.timedelta(minutes=2),
        )
    appeal = services.file_appeal(
        AppealSubject.APPLICATION, denied, by=cast.candidate, grounds="In time.", now=last_day
    )
    assert appeal.appeal_by == denied.appeal_by
    assert denied.events.last().kind == ApplicationEventKind.APPEALED


def test_an_undenied_application_cannot_be_appealed(journey, cast):
    application = submitted(cast.candidate, journey)
    with pytest.raises(ValidationError, match="Only a denied application"):
        services.file_appeal(AppealSubject.APPLICATION, application, by=cast.candidate, grounds="?")


def test_the_officer_who_denied_may_not_sit(denied, cast, bench):
    appeal = services.file_appeal(
        AppealSubject.APPLICATION, denied, by=cast.candidate, grounds="Reconsider."
    )
    _, deciders = services.parties_and_deciders(appeal)
    assert list(deciders) == [cast.officer]
    assert "denied the application" in deciders[cast.officer]


def test_upheld_leaves_the_denial(denied, cast, bench):
    appeal = services.file_appeal(
        AppealSubject.APPLICATION, denied, by=cast.candidate, grounds="Reconsider."
    )
    decided(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    denied.refresh_from_db()
    assert denied.status == ApplicationStatus.DENIED
    assert denied.events.last().kind == ApplicationEventKind.APPEAL_UPHELD


def test_overturned_approves_the_application(denied, cast, bench):
    appeal = services.file_appeal(
        AppealSubject.APPLICATION, denied, by=cast.candidate, grounds="Both jobs count."
    )
    appeal = decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    denied.refresh_from_db()
    assert denied.status == ApplicationStatus.APPROVED
    assert denied.approval_current(denied.program.today())
    assert denied.decided_by == bench.chair and appeal.reference in denied.decision_reason
    assert denied.events.last().kind == ApplicationEventKind.APPEAL_OVERTURNED
    assert appeal.applied == "Overturned: The application is approved."


def test_overturned_accommodation_reaches_the_booking(journey, cast, bench):
    approved(cast.candidate, journey, cast.officer)
    now = timezone.now()
    window = TestingWindowFactory(
        program=journey, opens_at=now, closes_at=now + datetime.timedelta(days=9)
    )
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    request = accommodations.request_accommodation(
        cast.candidate,
        journey,
        kind=AccommodationKind.EXTRA_TIME,
        time_factor=Decimal("1.25"),
        documentation=pdf(),
        by=cast.candidate,
    )
    accommodations.decide_accommodation(
        request, AccommodationDecision.DENY, reason="Undocumented.", by=cast.officer
    )
    appeal = services.file_appeal(
        AppealSubject.ACCOMMODATION,
        request,
        by=cast.candidate,
        grounds="Here it is.",
        evidence=[pdf("report.pdf")],
    )
    assert appeal.evidence.get().original_name == "report.pdf"
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    request.refresh_from_db()
    assert request.status == AccommodationStatus.APPROVED
    assert seat.time_factor == Decimal("1.25")


def test_a_declined_certification_overturned_is_issued(cast, bench):
    program = ready_program(designation="CESP")
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    ApprovedApplicationFactory(candidate=cast.candidate, program=program)
    decision = CertificationDecisionFactory(
        candidate=cast.candidate, program=program, passed_on=program.today()
    )
    credentials.decline_decision(decision, cast.officer, "The result is under review.")
    appeal = services.file_appeal(
        AppealSubject.CERTIFICATION, decision, by=cast.candidate, grounds="Review is done."
    )
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED and decision.credential is not None
    issued = decision.credential.events.get()
    assert issued.reason.startswith(appeal.reference) and issued.actor == bench.chair
    assert decision.credential.current_document() is not None
