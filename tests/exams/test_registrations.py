"""Registrations: booking, authorizations and their expiry, cancelling, moving, attempts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hallmark.exams.data import AttemptOutcome, RegistrationStatus
from hallmark.exams.journey import registrations
from hallmark.exams.models import Registration

from factories import (
    ApprovedApplicationFactory,
    RegistrationFactory,
    TestingWindowFactory,
    UserFactory,
    approved,
    submitted,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def window(program):
    now = timezone.now()
    return TestingWindowFactory(program=program, opens_at=now - DAY, closes_at=now + 20 * DAY)


def test_an_approved_candidate_books_a_seat_with_an_authorization(
    program, window, cast, committed
) -> None:
    approved(cast.candidate, program, cast.officer)
    with committed():
        seat = registrations.book(cast.candidate, window, by=cast.candidate)
    assert seat.status == RegistrationStatus.BOOKED
    assert seat.authorization_code.startswith("ESP-") and len(seat.authorization_code) == 12
    assert seat.authorization_expires_at == window.closes_at
    assert seat.authorized(timezone.now())
    assert mail.outbox[-1].subject == f"Booking confirmed: {window.name}"
    assert seat.authorization_code in mail.outbox[-1].body


def test_booking_needs_a_current_approval(program, window, cast) -> None:
    with pytest.raises(ValidationError, match="current approved application"):
        registrations.book(cast.candidate, window, by=cast.candidate)
    submitted(cast.candidate, program)
    with pytest.raises(ValidationError, match="current approved application"):
        registrations.book(cast.candidate, window, by=cast.candidate)


def test_an_expired_approval_cannot_book(program, cast) -> None:
    application = ApprovedApplicationFactory(
        candidate=cast.candidate, program=program, approved_on=datetime.date(2024, 1, 1)
    )
    assert application.approval_expires_on == datetime.date(2024, 12, 31)
    window = TestingWindowFactory(
        program=program,
        opens_at=datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="current approved application"):
        registrations.book(
            cast.candidate,
            window,
            by=cast.candidate,
            now=datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC),
        )


def test_the_authorization_expires_when_the_approval_does_if_sooner(program, cast) -> None:
    ApprovedApplicationFactory(
        candidate=cast.candidate, program=program, approved_on=datetime.date(2024, 1, 1)
    )
    window = TestingWindowFactory(
        program=program,
        opens_at=datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
    )
    seat = registrations.book(
        cast.candidate,
        window,
        by=cast.candidate,
        now=datetime.datetime(2024, 12, 2, tzinfo=datetime.UTC),
    )
    # midnight at the start of 31 December 2024 in New York
    assert seat.authorization_expires_at == datetime.datetime(2024, 12, 31, 5, tzinfo=datetime.UTC)
    assert seat.authorized(datetime.datetime(2024, 12, 31, 4, 59, tzinfo=datetime.UTC))
    assert not seat.authorized(datetime.datetime(2024, 12, 31, 5, 0, tzinfo=datetime.UTC))
    assert (
        registrations.expire_registrations(datetime.datetime(2024, 12, 31, 4, tzinfo=datetime.UTC))
        == 0
    )
    assert (
        registrations.expire_registrations(datetime.datetime(2024, 12, 31, 5, tzinfo=datetime.UTC))
        == 1
    )
    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.EXPIRED
    assert (
        registrations.expire_registrations(datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC)) == 0
    )


def test_an_authorization_holds_only_while_the_window_is_open(program, cast) -> None:
    now = timezone.now()
    later = TestingWindowFactory(program=program, opens_at=now + DAY, closes_at=now + 3 * DAY)
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, later, by=cast.candidate)
    assert not seat.authorized(now)
    assert seat.authorized(now + 2 * DAY)
    assert not seat.authorized(now + 3 * DAY)


def test_a_full_or_closed_window_refuses_and_one_booking_per_program(program, cast) -> None:
    now = timezone.now()
    full = TestingWindowFactory(
        program=program, capacity=1, opens_at=now - DAY, closes_at=now + DAY
    )
    RegistrationFactory(window=full)
    closed = TestingWindowFactory(program=program, opens_at=now - 3 * DAY, closes_at=now - DAY)
    approved(cast.candidate, program, cast.officer)
    with pytest.raises(ValidationError, match="is full"):
        registrations.book(cast.candidate, full, by=cast.candidate)
    with pytest.raises(ValidationError, match="closed on"):
        registrations.book(cast.candidate, closed, by=cast.candidate)
    open_ = TestingWindowFactory(program=program, opens_at=now - DAY, closes_at=now + DAY)
    seat = registrations.book(cast.candidate, open_, by=cast.candidate)
    other = TestingWindowFactory(program=program, opens_at=now - DAY, closes_at=now + DAY)
    with pytest.raises(ValidationError, match="already have a booking"):
        registrations.book(cast.candidate, other, by=cast.candidate)
    with transaction.atomic(), pytest.raises(IntegrityError):
        RegistrationFactory(window=other, application=seat.application, candidate=cast.candidate)


def test_staff_book_for_a_candidate_only_with_the_permission(program, window, cast) -> None:
    approved(cast.candidate, program, cast.officer)
    with pytest.raises(PermissionDenied):
        registrations.book(cast.candidate, window, by=cast.proctor)
    with pytest.raises(PermissionDenied):
        registrations.book(cast.candidate, window, by=cast.outsider)
    seat = registrations.book(cast.candidate, window, by=cast.officer)
    assert seat.booked_by == cast.officer


def test_the_candidate_cancels_until_the_change_deadline_then_only_staff(
    program, cast, committed
) -> None:
    now = timezone.now()
    window = TestingWindowFactory(
        program=program, opens_at=now - DAY, closes_at=now + 2 * DAY, changes_close_hours=24
    )
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    too_late = window.closes_at - datetime.timedelta(hours=24)
    with pytest.raises(ValidationError, match="can be changed until"):
        registrations.cancel_registration(seat, by=cast.candidate, now=too_late)
    with pytest.raises(PermissionDenied):
        registrations.cancel_registration(seat, by=cast.outsider)
    with pytest.raises(ValidationError, match="Say why"):
        registrations.cancel_registration(seat, by=cast.officer, now=too_late)
    with committed():
        cancelled = registrations.cancel_registration(
            seat, by=cast.officer, reason="Illness (documented).", now=too_late
        )
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.changed_by == cast.officer and cancelled.changed_at == too_late
    assert "Illness (documented)." in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="cannot change"):
        registrations.cancel_registration(cancelled, by=cast.officer, reason="again")


def test_a_candidate_cancels_their_own_seat_before_the_deadline(program, window, cast) -> None:
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    assert registrations.cancel_registration(seat, by=cast.candidate).status == "cancelled"
    assert window.seats_taken() == 0


def test_moving_a_booking_keeps_the_trail_and_rechecks_the_window(
    program, window, cast, committed
) -> None:
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    now = timezone.now()
    later = TestingWindowFactory(program=program, opens_at=now + 5 * DAY, closes_at=now + 9 * DAY)
    with pytest.raises(ValidationError, match="already in"):
        registrations.reschedule_registration(seat, window, by=cast.candidate)
    with pytest.raises(ValidationError, match="another program"):
        registrations.reschedule_registration(seat, TestingWindowFactory(), by=cast.candidate)
    with committed():
        moved = registrations.reschedule_registration(seat, later, by=cast.candidate)
    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.RESCHEDULED
    assert moved.rescheduled_from == seat and seat.rescheduled_to == moved
    assert moved.window == later and moved.authorization_code != seat.authorization_code
    assert mail.outbox[-1].subject == f"Booking moved to {later.name}"


def test_attempts_and_no_shows_are_recorded_by_the_rules(program, cast) -> None:
    now = timezone.now()
    window = TestingWindowFactory(program=program, opens_at=now - 2 * DAY, closes_at=now + DAY)
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    with pytest.raises(ValidationError, match="has not closed"):
        registrations.record_no_show(seat, by=cast.officer)
    with pytest.raises(PermissionDenied):
        registrations.record_no_show(seat, by=cast.proctor, now=now + 2 * DAY)
    with pytest.raises(PermissionDenied):
        registrations.record_attempt(seat, on=now, by=cast.candidate)
    sat = registrations.record_attempt(seat, on=now, outcome=AttemptOutcome.FAIL)
    assert sat.status == RegistrationStatus.SAT and sat.sat_on == program.today()
    assert sat.attempt_outcome == AttemptOutcome.FAIL
    with pytest.raises(ValidationError):
        registrations.record_no_show(sat, by=cast.officer, now=now + 2 * DAY)
    other = UserFactory()
    approved(other, program, cast.officer)
    absent = registrations.book(other, window, by=other)
    assert (
        registrations.record_no_show(absent, by=cast.officer, now=now + 2 * DAY).status == "no-show"
    )
    with pytest.raises(ValidationError, match="no attempt can be recorded"):
        registrations.record_attempt(absent, on=now)


def test_a_sat_registration_has_its_date_in_the_database(program) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        RegistrationFactory(status=RegistrationStatus.SAT, sat_on=None)
    assert not Registration.objects.exists()
