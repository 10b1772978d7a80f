import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallmark.certification.dates import add_months, end_of_month, expiry_date
from hallmark.programs.models import CasePolicy, appeal_deadline

from factories import ProgramFactory

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2026, 3, 15), 36, D(2029, 3, 15)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(start, months, expected) -> None:
    assert add_months(start, months) == expected


def test_expiry_is_the_start_plus_validity_with_the_optional_month_end_rule() -> None:
    assert expiry_date(D(2026, 3, 15), 36, at_month_end=False) == D(2029, 3, 15)
    assert expiry_date(D(2026, 3, 15), 36, at_month_end=True) == D(2029, 3, 31)
    assert expiry_date(D(2025, 2, 28), 36, at_month_end=True) == D(2028, 2, 29)
    with pytest.raises(ValueError, match="validity_months must be positive"):
        expiry_date(D(2026, 1, 1), 0, at_month_end=False)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 1, 1)), st.integers(0, 600))
def test_add_months_lands_in_the_right_month_never_later_in_it(start, months) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or result == end_of_month(result)


@pytest.mark.django_db
def test_the_appeal_deadline_follows_the_policy_in_force_on_the_day_of_the_decision() -> None:
    program = ProgramFactory()
    CasePolicy.objects.create(program=program, effective_from=D(2024, 1, 1), appeal_days=21)
    CasePolicy.objects.create(program=program, effective_from=D(2026, 1, 1), appeal_days=45)
    assert appeal_deadline(program, D(2025, 12, 20)) == D(2026, 1, 10)  # v1, across the year
    assert appeal_deadline(program, D(2026, 1, 1)) == D(2026, 2, 15)  # v2 from its first day
    assert appeal_deadline(program, D(2023, 12, 31)) == D(2024, 1, 30)  # before any: 30 days
    other = ProgramFactory()
    assert appeal_deadline(other, D(2028, 2, 10)) == D(2028, 3, 11)  # none at all: 30 days
