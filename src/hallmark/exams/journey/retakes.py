"""The retake policy: the wait after an attempt and the most attempts in any 12 months.

Attempts are counted from `Registration.sat_on`, the date of the attempt in the program's time
zone; "in any 12 months" means the attempts on the dates after the same date a year earlier.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hallmark.accounts.models import User
from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import Registration
from hallmark.lib.dates import long_date
from hallmark.programs.models import Program, RetakePolicy


def a_year_after(day: datetime.date) -> datetime.date:
    """The same date a year later; 29 February moves to 1 March."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return datetime.date(day.year + 1, 3, 1)


@dataclass(frozen=True)
class RetakeCheck:
    """Whether a candidate may book an attempt on `on`, and if not, from when.

    `earliest` is the first date the policy allows (equal to `on` when allowed);
    `reason` says why in words a candidate reads (empty when allowed).
    """

    on: datetime.date
    allowed: bool
    earliest: datetime.date
    attempts_in_12_months: int
    reason: str = ""


def attempt_dates(candidate: User, program: Program) -> list[datetime.date]:
    sat_on = Registration.objects.filter(
        candidate=candidate,
        program=program,
        status=RegistrationStatus.SAT,
        sat_on__isnull=False,
    ).values_list("sat_on", flat=True)
    return sorted(day for day in sat_on if day is not None)


def _within_12_months(attempts: list[datetime.date], on: datetime.date) -> list[datetime.date]:
    return [d for d in attempts if d <= on < a_year_after(d)]


def retake_check(candidate: User, program: Program, on: datetime.date) -> RetakeCheck:
    """Apply the retake policy in force on `on` (a date in the program's time zone)."""
    policy = RetakePolicy.in_force(program, on)
    attempts = attempt_dates(candidate, program)
    recent = _within_12_months(attempts, on)
    if policy is None or not attempts:
        return RetakeCheck(on, True, on, len(recent))
    reasons = []
    earliest = on
    wait_until = attempts[-1] + datetime.timedelta(days=policy.min_days_between_attempts)
    if wait_until > on:
        earliest = wait_until
        reasons.append(
            _(
                "Your last attempt was on %(day)s, and the retake policy asks for %(days)s days "
                "between attempts."
            )
            % {"day": long_date(attempts[-1]), "days": policy.min_days_between_attempts}
        )
    limit = policy.max_attempts_per_12_months
    if len(recent) >= limit:
        # The oldest attempts must leave the 12 months until fewer than `limit` remain.
        free_from = a_year_after(recent[len(recent) - limit])
        earliest = max(earliest, free_from)
        reasons.append(
            _(
                "You have made %(count)s attempts in the last 12 months; the retake policy "
                "allows %(limit)s."
            )
            % {"count": len(recent), "limit": limit}
        )
    if earliest == on:
        return RetakeCheck(on, True, on, len(recent))
    reasons.append(_("You may book your next attempt from %(day)s.") % {"day": long_date(earliest)})
    return RetakeCheck(on, False, earliest, len(recent), " ".join(reasons))
