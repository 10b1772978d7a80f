"""A complaint's deadlines come from the case policy in force on the day it is received, and
its reference counts within the year."""

import datetime

import pytest

from hallmark.certification.complaints import services
from hallmark.programs.models import CasePolicy

from factories import ProgramFactory, filed_complaint

pytestmark = pytest.mark.django_db
# 15:00 UTC is 10:00 or 11:00 in New York, the programs' time zone: the same date.
MARCH_10 = datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC)


def test_the_deadlines_are_the_policys_days_after_receipt(program) -> None:
    complaint = filed_complaint(program, now=MARCH_10)
    assert complaint.acknowledge_by == datetime.date(2026, 3, 15)  # 5 days
    assert complaint.close_by == datetime.date(2026, 5, 9)  # 60 days


def test_the_policy_in_force_on_the_day_of_receipt_governs(program) -> None:
    CasePolicy.objects.create(
        program=program,
        effective_from=datetime.date(2026, 4, 1),
        acknowledge_days=2,
        complaint_close_days=30,
    )
    before = filed_complaint(program, now=MARCH_10)
    after = filed_complaint(program, now=datetime.datetime(2026, 4, 1, 15, tzinfo=datetime.UTC))
    assert (before.acknowledge_by, before.close_by) == (
        datetime.date(2026, 3, 15),
        datetime.date(2026, 5, 9),
    )
    assert (after.acknowledge_by, after.close_by) == (
        datetime.date(2026, 4, 3),
        datetime.date(2026, 5, 1),
    )


def test_without_a_policy_the_deadlines_are_7_and_90_days() -> None:
    program = ProgramFactory()
    complaint = filed_complaint(program, now=MARCH_10)
    assert complaint.acknowledge_by == datetime.date(2026, 3, 17)
    assert complaint.close_by == datetime.date(2026, 6, 8)


def test_closing_is_never_due_before_acknowledging() -> None:
    due = services.Deadlines
    program = ProgramFactory()
    CasePolicy.objects.create(
        program=program,
        effective_from=datetime.date(2020, 1, 1),
        acknowledge_days=10,
        complaint_close_days=3,
    )
    assert services.deadlines(program, datetime.date(2026, 3, 10)) == due(
        datetime.date(2026, 3, 20), datetime.date(2026, 3, 20)
    )


def test_the_day_of_receipt_is_the_programs_local_date(program) -> None:
    # 02:00 UTC on 11 March is still 10 March in New York.
    late = datetime.datetime(2026, 3, 11, 2, 0, tzinfo=datetime.UTC)
    assert filed_complaint(program, now=late).acknowledge_by == datetime.date(2026, 3, 15)


def test_references_count_up_within_a_year_and_start_again_the_next(program) -> None:
    first = filed_complaint(program, now=MARCH_10)
    second = filed_complaint(program, now=MARCH_10)
    next_year = filed_complaint(program, now=MARCH_10.replace(year=2027))
    assert [first.reference, second.reference, next_year.reference] == [
        "CMP-2026-0001",
        "CMP-2026-0002",
        "CMP-2027-0001",
    ]
