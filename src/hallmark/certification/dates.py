"""Credential date arithmetic (pure Python): validity in months, month-end rules."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; a day the target month lacks becomes its last day.

    31 January + 1 month is 28 (or 29) February; 29 February + 12 months is 28 February.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def expiry_date(start: datetime.date, validity_months: int, *, at_month_end: bool) -> datetime.date:
    """The expiry date of a credential that starts on ``start``: the start plus its validity.

    The credential is valid through its expiry date. 36 months from 15 March 2026 is
    15 March 2029; with the month-end rule, 31 March 2029. A renewal starts from the old expiry
    date, not from the day of renewal.
    """
    if validity_months <= 0:
        raise ValueError(f"validity_months must be positive, got {validity_months}")
    expiry = add_months(start, validity_months)
    return end_of_month(expiry) if at_month_end else expiry
