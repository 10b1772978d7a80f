"""A cycle's date arithmetic at its edges: month ends, 29 February, the last-day-of-month
option, the window, grace and reinstatement periods, and the reminders' days."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallmark.certification.data import NoticeKind, Phase
from hallmark.certification.recertification.cycles import CycleDates, next_expiry

D = datetime.date


@pytest.mark.parametrize(
    ("old", "months", "month_end", "new"),
    [
        (D(2029, 3, 15), 36, False, D(2032, 3, 15)),
        (D(2029, 3, 31), 36, False, D(2032, 3, 31)),
        (D(2029, 3, 31), 36, True, D(2032, 3, 31)),
        (D(2027, 8, 31), 6, False, D(2028, 2, 29)),  # into a leap February
        (D(2028, 8, 31), 6, False, D(2029, 2, 28)),
        (D(2028, 2, 29), 36, False, D(2031, 2, 28)),  # 29 February has no match
        (D(2028, 2, 29), 48, False, D(2032, 2, 29)),
        (D(2027, 2, 28), 12, False, D(2028, 2, 28)),  # the day, not the month end ...
        (D(2027, 2, 28), 12, True, D(2028, 2, 29)),  # ... unless the program says so
        (D(2027, 4, 30), 1, True, D(2027, 5, 31)),
        (D(2026, 12, 31), 36, False, D(2029, 12, 31)),
    ],
)
def test_the_new_expiry_is_the_old_expiry_plus_the_validity(old, months, month_end, new) -> None:
    assert next_expiry(old, months, at_month_end=month_end) == new


def test_renewal_is_counted_from_the_old_expiry_not_the_renewal_day() -> None:
    # Renewed early or late, the new cycle follows on from the old one.
    assert next_expiry(D(2029, 1, 15), 36, at_month_end=False) == D(2032, 1, 15)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31)), st.integers(1, 120))
def test_the_month_end_option_always_gives_a_month_end(old, months) -> None:
    new = next_expiry(old, months, at_month_end=True)
    assert (new + datetime.timedelta(days=1)).day == 1
    assert new > old


def _cycle(start: datetime.date, expires: datetime.date) -> CycleDates:
    return CycleDates.of(start, expires, window_months=9, grace_days=30, reinstatement_days=365)


def test_the_window_opens_nine_months_before_expiry_at_month_ends() -> None:
    assert _cycle(D(2026, 11, 30), D(2029, 11, 30)).window_opens_on == D(2029, 2, 28)
    assert _cycle(D(2025, 11, 30), D(2028, 11, 30)).window_opens_on == D(2028, 2, 29)
    assert _cycle(D(2026, 3, 31), D(2029, 3, 31)).window_opens_on == D(2028, 6, 30)


def test_the_phases_change_on_the_right_days() -> None:
    dates = _cycle(D(2026, 3, 15), D(2029, 3, 15))
    assert dates.window_opens_on == D(2028, 6, 15)
    assert dates.grace_ends_on == D(2029, 4, 14)
    assert dates.reinstatement_ends_on == D(2030, 3, 15)
    expected = {
        D(2028, 6, 14): Phase.BEFORE_WINDOW,
        D(2028, 6, 15): Phase.WINDOW_OPEN,
        D(2029, 3, 15): Phase.WINDOW_OPEN,  # valid through its expiry date
        D(2029, 3, 16): Phase.GRACE,
        D(2029, 4, 14): Phase.GRACE,
        D(2029, 4, 15): Phase.REINSTATEMENT,
        D(2030, 3, 15): Phase.REINSTATEMENT,
        D(2030, 3, 16): Phase.LAPSED,
    }
    assert {day: dates.phase(day) for day in expected} == expected


def test_grace_across_29_february() -> None:
    dates = _cycle(D(2025, 2, 15), D(2028, 2, 15))
    assert dates.grace_ends_on == D(2028, 3, 16)  # 2028 is a leap year: 30 days reach 16 March


def test_the_reminders_fall_due_in_order() -> None:
    dates = _cycle(D(2026, 3, 15), D(2029, 3, 15))
    assert dates.reminders() == [
        (NoticeKind.WINDOW_OPEN, D(2028, 6, 15)),
        (NoticeKind.DAYS_180, D(2028, 9, 16)),
        (NoticeKind.DAYS_90, D(2028, 12, 15)),
        (NoticeKind.DAYS_30, D(2029, 2, 13)),
        (NoticeKind.EXPIRED, D(2029, 3, 16)),
        (NoticeKind.GRACE_ENDED, D(2029, 4, 15)),
    ]


def test_a_catch_up_sends_only_the_latest_reminder_due() -> None:
    dates = _cycle(D(2026, 3, 15), D(2029, 3, 15))
    assert dates.due_reminder(D(2028, 6, 14)) is None
    assert dates.due_reminder(D(2028, 6, 15)) == (NoticeKind.WINDOW_OPEN, D(2028, 6, 15))
    # Not run from June to January: the 30-day reminder is not due yet, the 90-day one is.
    assert dates.due_reminder(D(2029, 1, 20)) == (NoticeKind.DAYS_90, D(2028, 12, 15))


def test_a_short_cycle_has_no_reminders_before_it_starts() -> None:
    dates = CycleDates.of(
        D(2026, 1, 1), D(2026, 4, 1), window_months=9, grace_days=30, reinstatement_days=60
    )
    assert dates.window_opens_on == D(2026, 1, 1)
    kinds = [kind for kind, _ in dates.reminders()]
    assert NoticeKind.DAYS_180 not in kinds
    assert kinds[0] == NoticeKind.WINDOW_OPEN


def test_reinstatement_cannot_end_before_grace() -> None:
    with pytest.raises(ValueError, match="reinstatement_days"):
        CycleDates.of(
            D(2026, 1, 1), D(2029, 1, 1), window_months=9, grace_days=30, reinstatement_days=10
        )
