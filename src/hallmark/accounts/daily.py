"""The accounts part of `hallmark daily`: a pass over the outbox (retries of failed mail), and
the retention schedule's removal of old messages' text.

The outbox works on the real clock: a `--now` in the past must not hold back mail that is due.
"""

import datetime

from django.utils import timezone

from hallmark.accounts.outbox import send_due
from hallmark.accounts.retention import remove_old_message_texts


def run(now: datetime.datetime) -> list[str]:
    removed = remove_old_message_texts(now)
    return [
        str(send_due(max(now, timezone.now()))),
        f"accounts: the text of {removed} message(s) past their retention removed",
    ]
