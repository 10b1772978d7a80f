"""The year's casework for the technical report: how many appeals, complaints and discipline
cases were received, how many were decided and how many of those within the policy's deadline,
and with what outcomes (ISO/IEC 17024 9.7, 9.8; NCCA asks for them each year).

A case counts in the period in which it was received; "on time" means decided or closed by its
own deadline. Registered with the technical report when the app starts.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from hallmark.certification.complaints.data import OPEN_COMPLAINT, Scope
from hallmark.certification.models import Complaint
from hallmark.programs.models import Program
from hallmark.results.technical import Period


def figures(
    kind: str,
    cases: Iterable[Any],
    *,
    done_at: str,
    deadline: str,
    still_open: Iterable[str],
    outcome: Any,
    zone: datetime.tzinfo,
) -> dict[str, Any]:
    """One row of the casework table from `cases` received in the period."""
    received = decided = on_time = open_ = 0
    outcomes: Counter[str] = Counter()
    waiting = set(still_open)
    for case in cases:
        received += 1
        if case.status in waiting:
            open_ += 1
            continue
        finished = getattr(case, done_at)
        decided += 1
        on_time += finished.astimezone(zone).date() <= getattr(case, deadline)
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
            deadline="close_by",
            still_open=OPEN_COMPLAINT,
            outcome=_complaint_outcome,
            zone=program.time_zone,
        )
    ]
