"""A certification with a recertification policy like the demo's, for recertification tests."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from hallmark.certification.models import CEActivity, Cycle
from hallmark.certification.recertification import ce
from hallmark.programs.data import FeeKind
from hallmark.programs.models import (
    CECategory,
    EligibilityPolicy,
    Fee,
    FeeSchedule,
    Program,
    RecertificationPolicy,
)

from factories.programs import ProgramFactory

__all__ = [
    "RECERTIFICATION_CATEGORIES",
    "RECERTIFICATION_FEES",
    "accepted_activity",
    "local_noon",
    "recertification_program",
]

# code, name, min, max, multiplier, fixed credits
RECERTIFICATION_CATEGORIES = [
    ("general", "Workshops, conferences and courses", 0, None, 1, None),
    ("teaching", "Teaching", 0, 16, 2, None),
    ("employer", "Employer-provided training", 0, 20, 1, None),
    ("college", "College course (3 credits)", 0, None, 1, 10),
    ("ethics", "Ethics", 3, None, 1, None),
]
RECERTIFICATION_FEES = {
    FeeKind.RENEWAL: Decimal("75.00"),
    FeeKind.LATE_RENEWAL: Decimal("50.00"),
    FeeKind.REINSTATEMENT: Decimal("150.00"),
}


def recertification_program(
    *,
    audit_percent: Decimal = Decimal(0),
    reexam_allowed: bool = True,
    time_zone: str = "America/New_York",
    at_month_end: bool = False,
    **program: object,
) -> Program:
    """A 36-month certification: window 9 months, grace 30 days, reinstatement 365 days,
    36 CE credits with the demo's categories and fees."""
    program = ProgramFactory(
        display_time_zone=time_zone, expiry_at_month_end=at_month_end, **program
    )
    since = datetime.date(2000, 1, 1)
    policy = RecertificationPolicy.objects.create(
        program=program,
        effective_from=since,
        ce_hours_required=Decimal(36),
        reexam_allowed=reexam_allowed,
        window_opens_months_before=9,
        grace_days=30,
        reinstatement_days=365,
        audit_percent=audit_percent,
    )
    for code, name, low, high, multiplier, fixed in RECERTIFICATION_CATEGORIES:
        CECategory.objects.create(
            policy=policy,
            code=code,
            name=name,
            min_hours=Decimal(low),
            max_hours=None if high is None else Decimal(high),
            credit_multiplier=Decimal(multiplier),
            fixed_credits=None if fixed is None else Decimal(fixed),
        )
    schedule = FeeSchedule.objects.create(program=program, effective_from=since)
    for kind, amount in RECERTIFICATION_FEES.items():
        Fee.objects.create(schedule=schedule, kind=kind, amount=amount)
    EligibilityPolicy.objects.create(
        program=program, effective_from=since, code_of_conduct_version="2024.1"
    )
    return program


def local_noon(program: Program, day: datetime.date) -> datetime.datetime:
    """Noon of ``day`` in the program's time zone: an unambiguous moment of that day."""
    return datetime.datetime.combine(
        day, datetime.time(12), tzinfo=ZoneInfo(program.display_time_zone)
    )


def accepted_activity(
    cycle: Cycle,
    category: str,
    hours: int | str,
    completed_on: datetime.date,
    *,
    title: str = "Workshop",
) -> CEActivity:
    """An activity the holder logged and staff (Hallmark itself here) accepted."""
    activity = ce.log_activity(
        cycle,
        by=cycle.credential.holder,
        title=title,
        provider_name="Regional Training Consortium",
        category_code=category,
        started_on=completed_on,
        completed_on=completed_on,
        hours=Decimal(hours),
        now=local_noon(cycle.credential.program, completed_on),
    )
    return ce.review_activity(activity, by=None, decision="accept")
