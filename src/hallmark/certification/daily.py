"""The certification part of `hallmark daily`: the recertification cycles (expiry, the grace
and reinstatement periods, reminders), the ends of discipline suspensions and response periods,
the credentials a stopped issuing job left, then fresh signatures on the status lists.

Safe to run every hour and after days of not running, as `recertification.daily` explains;
a status list is signed again only when its signature has gone stale.
"""

import datetime

from hallmark.certification import issuing, services
from hallmark.certification.data import DecisionStatus
from hallmark.certification.discipline import daily as discipline
from hallmark.certification.models import CertificationDecision, StatusList
from hallmark.certification.recertification.daily import advance_cycles
from hallmark.programs.models import Program


def _refresh_status_lists() -> int:
    refreshed = 0
    for status_list in StatusList.objects.all():
        if services.status_list_is_stale(status_list):
            services.refresh_status_list(status_list)
            refreshed += 1
    return refreshed


def _issue_left() -> int:
    programs = Program.objects.filter(
        pk__in=CertificationDecision.objects.filter(status=DecisionStatus.APPROVED).values(
            "program"
        )
    )
    return sum(issuing.issue_left(program) for program in programs)


def run(now: datetime.datetime, *, deliver: bool = True) -> list[str]:
    """Advance every cycle with something due to ``now``, then sign stale status lists again;
    ``deliver=False`` records reminders without mailing them (the demo's history)."""
    counts = advance_cycles(now, deliver=deliver)
    sanctions = discipline.run(now)
    left = _issue_left()
    refreshed = _refresh_status_lists()
    return [
        f"certification: {counts['expired']} expired, {counts['grace ended']} past grace, "
        f"{counts['lapsed']} past reinstatement, {counts['reminders sent']} reminders sent, "
        f"{refreshed} status lists signed again",
        *sanctions,
        *([f"certification: {left} credentials issued that a stopped job left"] if left else []),
    ]
