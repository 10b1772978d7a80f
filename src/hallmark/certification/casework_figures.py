"""The year's casework for the technical report: how many appeals, complaints and discipline
cases were received, how many were decided and how many of those within the policy's deadline,
and with what outcomes (ISO/IEC 17024 9.7, 9.8; NCCA asks for them each year).

A case counts in the period in which it was received; "on time" means decided or closed by its
own deadline. Registered with the technical report when the app starts.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from operator import attrgetter
from typing import Any

from hallmark.certification.complaints.data import OPEN_COMPLAINT, Scope
from hallmark.certification.data import OPEN_CASE_STATES, UNDECIDED_APPEAL
from hallmark.certification.models import Appeal, Complaint, DisciplineCase
from hallmark.programs.models import CasePolicy, Program
from hallmark.results.technical import Period


def figures(
    kind: str,
    cases: Iterable[Any],
    *,
    done_at: str,
    deadline: Callable[[Any], datetime.date],
    still_open: Iterable[str],
    outcome: Any,
    zone: datetime.tzinfo,
    state: str = "status",
) -> dict[str, Any]:
    """One row of the casework table from `cases` received in the period: open while their
    `state` field is one of `still_open`, else decided at their `done_at`."""
    received = decided = on_time = open_ = 0
    outcomes: Counter[str] = Counter()
    waiting = set(still_open)
    for case in cases:
        received += 1
        if getattr(case, state) in waiting:
            open_ += 1
            continue
        finished = getattr(case, done_at)
        decided += 1
        on_time += finished.astimezone(zone).date() <= deadline(case)
        outcomes[outcome(case)] += 1
    return {
        "kind": kind,
        "received": received,
        "decided": decided,
        "on_time": on_time,
        "open": open_,
        "outcomes": dict(sorted(outcomes.items())),
    }


def _complaint_outcome(complaint: Complaint) -> str:
    if complaint.scope == Scope.OUT_OF_SCOPE:
        return "out of scope"
    if complaint.corrective_actions.all():  # prefetched
        return "closed with corrective action"
    return "closed"


def complaint_figures(program: Program, period: Period) -> list[dict[str, Any]]:
    low, high = period.bounds(program)
    complaints = Complaint.objects.filter(
        program=program, received_at__gte=low, received_at__lt=high
    ).prefetch_related("corrective_actions")
    return [
        figures(
            "Complaints",
            complaints,
            done_at="closed_at",
            deadline=attrgetter("close_by"),
            still_open=OPEN_COMPLAINT,
            outcome=_complaint_outcome,
            zone=program.time_zone,
        )
    ]


def appeal_figures(program: Program, period: Period) -> list[dict[str, Any]]:
    """Appeals received in the period: decided once the panel's outcome is recorded, on time
    when decided by their decide-by day."""
    low, high = period.bounds(program)
    appeals = Appeal.objects.filter(program=program, received_at__gte=low, received_at__lt=high)
    return [
        figures(
            "Appeals",
            appeals,
            done_at="decided_at",
            deadline=attrgetter("decide_by"),
            still_open=UNDECIDED_APPEAL,
            outcome=attrgetter("outcome"),
            zone=program.time_zone,
        )
    ]


def case_deadline(program: Program) -> Callable[[DisciplineCase], datetime.date]:
    """A discipline case has no decision deadline of its own: it is taken to be the end of the
    respondent's response period plus the days the case policy in force when the case was
    opened gives to decide an appeal (`decide_days`). A decided case always had its notice, so
    its response period is known."""

    @cache
    def decide_days(opened_on: datetime.date) -> int:
        policy = CasePolicy.in_force(program, opened_on)
        return policy.decide_days if policy else CasePolicy._meta.get_field("decide_days").default

    def deadline(case: DisciplineCase) -> datetime.date:
        assert case.response_due is not None  # every decided state follows the notice
        days = decide_days(case.opened_at.astimezone(program.time_zone).date())
        return case.response_due + datetime.timedelta(days=days)

    return deadline


def discipline_figures(program: Program, period: Period) -> list[dict[str, Any]]:
    """Discipline cases opened in the period: decided by the panel's decision, whose sanction
    is the outcome; on time against the deadline of `case_deadline`."""
    low, high = period.bounds(program)
    cases = DisciplineCase.objects.filter(program=program, opened_at__gte=low, opened_at__lt=high)
    return [
        figures(
            "Discipline cases",
            cases,
            done_at="decided_at",
            deadline=case_deadline(program),
            still_open=OPEN_CASE_STATES,
            outcome=attrgetter("decision"),
            zone=program.time_zone,
            state="state",
        )
    ]
