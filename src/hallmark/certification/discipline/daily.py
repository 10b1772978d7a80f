"""The discipline part of `hallmark daily`: response periods that ran out are recorded, and
credentials whose suspension has ended are reinstated (unless something else holds them).

Idempotent and correct after days of not running: it works from each program's date today.
"""

import datetime

from django.utils import timezone

from hallmark.certification.discipline import services
from hallmark.programs.models import Program


def _local(now: datetime.datetime, program: Program) -> datetime.date:
    return timezone.localtime(now, program.time_zone).date()


def run(now: datetime.datetime) -> list[str]:
    """Advance what is due at ``now``; a line that says what was done, if anything was."""
    # A day's margin for time zones; each case is checked against its program's own date.
    margin = now.date() + datetime.timedelta(days=1)
    over = 0
    for case in services.responses_overdue(margin).select_related("program"):
        if case.response_due and _local(now, case.program) > case.response_due:
            services.end_response_period(case, by=None, today=_local(now, case.program))
            over += 1
    reinstated = held = 0
    for case in services.suspensions_ended(margin):
        assert case.suspended_until is not None
        if _local(now, case.program) > case.suspended_until:
            if services.end_suspension(case, today=_local(now, case.program)):
                reinstated += 1
            else:
                held += 1
    if not (over or reinstated or held):
        return []
    return [
        f"discipline: {over} response periods over, {reinstated} suspensions ended and "
        f"reinstated, {held} ended but held otherwise"
    ]
