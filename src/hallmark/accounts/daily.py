"""The accounts part of `hallmark daily`: a pass over the outbox (retries of failed mail).

The outbox works on the real clock: a `--now` in the past must not hold back mail that is due.
"""

import datetime

from django.utils import timezone

from hallmark.accounts.outbox import send_due


def run(now: datetime.datetime) -> list[str]:
    return [str(send_due(max(now, timezone.now())))]
