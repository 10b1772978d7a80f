"""The current instant, so that services can be given another one (tests, the daily jobs)."""

import datetime

from django.utils import timezone


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    """`now` when given, else the current instant."""
    return now or timezone.now()
