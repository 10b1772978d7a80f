"""Accommodations: requests, decisions, and how approved ones reach registrations on their own."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hallmark.exams.data import (
    TIMES,
    AccommodationDecision,
    AccommodationKind,
    AccommodationStatus,
)
from hallmark.exams.journey import accommodations, registrations
from hallmark.exams.models import AccommodationRequest

from factories import (
    AccommodationRequestFactory,
    TestingWindowFactory,
    approved,
    pdf,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def ask(cast, program, kind=AccommodationKind.EXTRA_TIME, factor=Decimal("1.50"), **kw):
    return accommodations.request_accommodation(
        cast.candidate,
        program,
        kind=kind,
        time_factor=factor,
        documentation=pdf("report.pdf"),
        by=cast.candidate,
        **kw,
    )


@pytest.fixture
def windows(program):
    now = timezone.now()
    return [
        TestingWindowFactory(program=program, opens_at=now - DAY, closes_at=now + 9 * DAY),
        TestingWindowFactory(program=program, opens_at=now + DAY, closes_at=now + 9 * DAY),
    ]


def test_a_request_is_kept_with_its_documentation(program, cast) -> None:
    request = ask(cast, program)
    assert request.status == AccommodationStatus.REQUESTED
    assert request.summary == f"Extra time {TIMES}1.5"
    assert [d.original_name for d in request.live_documents()] == ["report.pdf"]


def test_extra_time_is_125_15_or_2_and_other_needs_details(program, cast) -> None:
    with pytest.raises(ValidationError, match="how much extra time"):
        ask(cast, program, factor=Decimal("1.75"))
    with pytest.raises(ValidationError, match="Say what you need"):
        ask(cast, program, kind=AccommodationKind.OTHER, factor=None)
    reader = ask(cast, program, kind=AccommodationKind.READER, factor=Decimal("2.00"))
    assert reader.time_factor is None  # only extra time has a factor
    with pytest.raises(ValidationError, match="already have a request"):
        ask(cast, program, kind=AccommodationKind.READER, factor=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        AccommodationRequestFactory(kind=AccommodationKind.EXTRA_TIME, time_factor=Decimal("3"))


def test_only_officers_decide_and_never_their_own(program, cast) -> None:
    request = ask(cast, program)
    for person in (cast.manager, cast.proctor, cast.candidate, cast.outsider):
        with pytest.raises(PermissionDenied):
            accommodations.decide_accommodation(request, AccommodationDecision.APPROVE, by=person)
    own = AccommodationRequestFactory(candidate=cast.officer, program=program)
    with pytest.raises(PermissionDenied, match="own case"):
        accommodations.decide_accommodation(own, AccommodationDecision.APPROVE, by=cast.officer)


def test_a_denial_has_a_reason_and_an_appeal_period(program, cast, committed) -> None:
    request = ask(cast, program)
    with pytest.raises(ValidationError, match="reason"):
        accommodations.decide_accommodation(request, AccommodationDecision.DENY, by=cast.officer)
    with committed():
        denied = accommodations.decide_accommodation(
            request,
            AccommodationDecision.DENY,
            reason="The report is 10 years old.",
            by=cast.officer,
        )
    assert denied.status == AccommodationStatus.DENIED
    assert denied.appeal_by == program.today() + datetime.timedelta(days=30)
    assert "The report is 10 years old." in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="is not open to a decision: its status is “Denied”"):
        accommodations.decide_accommodation(request, AccommodationDecision.APPROVE, by=cast.officer)


def test_an_approval_before_booking_comes_with_every_seat(
    program, windows, cast, committed
) -> None:
    approved(cast.candidate, program, cast.officer)
    accommodations.decide_accommodation(
        ask(cast, program), AccommodationDecision.APPROVE, by=cast.officer
    )
    with committed():
        seat = registrations.book(cast.candidate, windows[0], by=cast.candidate)
    assert [a.summary for a in seat.approved_accommodations()] == [f"Extra time {TIMES}1.5"]
    assert seat.time_factor == Decimal("1.5")
    assert f"Your approved accommodations apply: Extra time {TIMES}1.5." in mail.outbox[-1].body
    moved = registrations.reschedule_registration(seat, windows[1], by=cast.candidate)
    assert moved.time_factor == Decimal("1.5")


def test_an_approval_after_booking_reaches_the_seat_already_booked(
    program, windows, cast, committed
) -> None:
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, windows[0], by=cast.candidate)
    assert seat.time_factor == Decimal(1) and seat.approved_accommodations() == []
    request = ask(cast, program, factor=Decimal("2.00"))
    room = ask(cast, program, kind=AccommodationKind.SEPARATE_ROOM, factor=None)
    accommodations.decide_accommodation(request, AccommodationDecision.APPROVE, by=cast.officer)
    with committed():
        accommodations.decide_accommodation(room, AccommodationDecision.APPROVE, by=cast.officer)
    assert seat.time_factor == Decimal(2)
    assert {a.kind for a in seat.approved_accommodations()} == {"extra time", "separate room"}
    assert "including bookings you already have" in mail.outbox[-1].body


def test_pending_and_denied_requests_never_reach_a_seat(program, windows, cast) -> None:
    approved(cast.candidate, program, cast.officer)
    ask(cast, program)
    denied = ask(cast, program, kind=AccommodationKind.READER, factor=None)
    accommodations.decide_accommodation(
        denied, AccommodationDecision.DENY, reason="No.", by=cast.officer
    )
    seat = registrations.book(cast.candidate, windows[0], by=cast.candidate)
    assert seat.accommodations.count() == 0


def test_the_candidate_adds_documents_and_withdraws_while_pending(program, cast) -> None:
    request = ask(cast, program)
    accommodations.add_accommodation_document(request, pdf("more.pdf"), by=cast.candidate)
    assert request.live_documents().count() == 2
    with pytest.raises(PermissionDenied):
        accommodations.add_accommodation_document(request, pdf(), by=cast.outsider)
    accommodations.withdraw_accommodation(request, by=cast.candidate)
    request.refresh_from_db()
    assert request.status == AccommodationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        accommodations.add_accommodation_document(request, pdf(), by=cast.candidate)
    assert AccommodationRequest.objects.count() == 1  # kept, never deleted
