"""The retake policy at its edges: the wait (day 29, 30, 31), the attempts in any 12 months,
and days counted in the program's time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from hallmark.exams.data import AttemptOutcome, RegistrationStatus
from hallmark.exams.journey import registrations
from hallmark.exams.journey.retakes import a_year_after, retake_check

from factories import (
    ApprovedApplicationFactory,
    RegistrationFactory,
    TestingWindowFactory,
    UserFactory,
    ready_program,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEW_YORK = ZoneInfo("America/New_York")


def attempt(candidate, program, on: datetime.date) -> None:
    RegistrationFactory(
        window=TestingWindowFactory(program=program),
        application=ApprovedApplicationFactory(
            candidate=candidate, program=program, approved_on=datetime.date(2024, 6, 1)
        ),
        status=RegistrationStatus.SAT,
        sat_on=on,
        attempt_outcome=AttemptOutcome.FAIL,
    )


@pytest.fixture
def program():
    return ready_program(min_days=30, max_attempts=2)


@pytest.fixture
def candidate():
    return UserFactory()


def test_without_attempts_anyone_approved_may_book(program, candidate) -> None:
    check = retake_check(candidate, program, datetime.date(2025, 3, 1))
    assert check.allowed and check.attempts_in_12_months == 0


@pytest.mark.parametrize(("day", "allowed"), [(29, False), (30, True), (31, True)])
def test_the_wait_after_an_attempt_is_counted_in_days(program, candidate, day, allowed) -> None:
    attempt(candidate, program, datetime.date(2025, 3, 1))
    on = datetime.date(2025, 3, 1) + datetime.timedelta(days=day)
    check = retake_check(candidate, program, on)
    assert check.allowed is allowed
    assert check.earliest == (on if allowed else datetime.date(2025, 3, 31))
    if not allowed:
        assert check.reason == (
            "Your last attempt was on 1 March 2025, and the retake policy asks for 30 days "
            "between attempts. You may book your next attempt from 31 March 2025."
        )


def test_a_third_attempt_in_12_months_waits_until_the_first_leaves_them(program, candidate) -> None:
    attempt(candidate, program, datetime.date(2025, 1, 10))
    attempt(candidate, program, datetime.date(2025, 3, 1))
    day_before = retake_check(candidate, program, datetime.date(2026, 1, 9))
    assert not day_before.allowed and day_before.attempts_in_12_months == 2
    assert day_before.earliest == datetime.date(2026, 1, 10)
    assert "You have made 2 attempts in the last 12 months; the retake policy allows 2." in (
        day_before.reason
    )
    assert "from 10 January 2026" in day_before.reason
    assert retake_check(candidate, program, datetime.date(2026, 1, 10)).allowed


def test_both_rules_give_the_later_date(program, candidate) -> None:
    attempt(candidate, program, datetime.date(2025, 1, 10))
    attempt(candidate, program, datetime.date(2026, 1, 1))
    # the 12 months free up on 10 January 2026, but the wait runs to 31 January
    check = retake_check(candidate, program, datetime.date(2026, 1, 12))
    assert check.earliest == datetime.date(2026, 1, 31)


def test_only_sat_attempts_of_this_program_count(program, candidate) -> None:
    attempt(candidate, ready_program(), datetime.date(2025, 3, 1))
    RegistrationFactory(
        window=TestingWindowFactory(program=program),
        application=ApprovedApplicationFactory(candidate=candidate, program=program),
        status=RegistrationStatus.NO_SHOW,
    )
    assert retake_check(candidate, program, datetime.date(2025, 3, 2)).allowed


def test_29_february_leaves_the_12_months_on_1_march() -> None:
    assert a_year_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 3, 1)
    assert a_year_after(datetime.date(2024, 3, 1)) == datetime.date(2025, 3, 1)


def test_an_attempt_at_23_30_local_counts_on_that_local_day(program, candidate) -> None:
    late_evening = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=NEW_YORK)  # 04:30 UTC on the 2nd
    registration = RegistrationFactory(
        window=TestingWindowFactory(program=program),
        application=ApprovedApplicationFactory(candidate=candidate, program=program),
    )
    registrations.record_attempt(registration, on=late_evening.astimezone(UTC))
    registration.refresh_from_db()
    assert registration.sat_on == datetime.date(2025, 3, 1)
    assert registration.status == RegistrationStatus.SAT


def test_an_attempt_just_after_midnight_in_auckland_counts_on_the_new_day(candidate) -> None:
    auckland = ready_program(time_zone="Pacific/Auckland")
    registration = RegistrationFactory(
        window=TestingWindowFactory(program=auckland),
        application=ApprovedApplicationFactory(candidate=candidate, program=auckland),
    )
    registrations.record_attempt(registration, on=datetime.datetime(2025, 3, 1, 11, 30, tzinfo=UTC))
    registration.refresh_from_db()
    assert registration.sat_on == datetime.date(2025, 3, 2)  # 00:30 NZDT


def test_booking_counts_the_wait_in_the_programs_time_zone(program, candidate) -> None:
    attempt(candidate, program, datetime.date(2025, 3, 1))
    ApprovedApplicationFactory(
        candidate=candidate, program=program, approved_on=datetime.date(2025, 2, 1)
    )
    window = TestingWindowFactory(
        program=program,
        opens_at=datetime.datetime(2025, 3, 20, tzinfo=UTC),
        closes_at=datetime.datetime(2025, 5, 1, tzinfo=UTC),
    )
    # 03:00 UTC on the 31st is still 30 March (day 29) in New York
    with pytest.raises(ValidationError, match="from 31 March 2025"):
        registrations.book(
            candidate, window, by=candidate, now=datetime.datetime(2025, 3, 31, 3, 0, tzinfo=UTC)
        )
    seat = registrations.book(
        candidate, window, by=candidate, now=datetime.datetime(2025, 3, 31, 4, 30, tzinfo=UTC)
    )
    assert seat.status == RegistrationStatus.BOOKED


def test_booking_refuses_a_third_attempt_with_the_date_to_book_from(program, candidate) -> None:
    attempt(candidate, program, datetime.date(2025, 1, 10))
    attempt(candidate, program, datetime.date(2025, 3, 1))
    ApprovedApplicationFactory(
        candidate=candidate, program=program, approved_on=datetime.date(2025, 6, 1)
    )
    window = TestingWindowFactory(
        program=program,
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=UTC),
        closes_at=datetime.datetime(2026, 3, 1, tzinfo=UTC),
    )
    with pytest.raises(ValidationError, match="You may book your next attempt from 10 January"):
        registrations.book(
            candidate, window, by=candidate, now=datetime.datetime(2026, 1, 9, 17, tzinfo=UTC)
        )
    assert registrations.book(
        candidate, window, by=candidate, now=datetime.datetime(2026, 1, 10, 17, tzinfo=UTC)
    ).pk
