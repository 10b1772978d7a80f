"""The technical report counts the year's complaints: received, closed, on time, outcomes."""

import datetime

import pytest

from hallmark.certification.casework_figures import complaint_figures
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import Scope
from hallmark.certification.models import Complaint
from hallmark.results.technical import Period

from factories import filed_complaint, program_with_case_policy

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 12, tzinfo=datetime.UTC)


def received(program, when: datetime.datetime) -> Complaint:
    complaint = filed_complaint(program)
    Complaint.objects.filter(pk=complaint.pk).update(
        received_at=when,
        acknowledge_by=(when + datetime.timedelta(days=5)).date(),
        close_by=(when + datetime.timedelta(days=60)).date(),
    )
    complaint.refresh_from_db()
    return complaint


def test_complaints_are_counted_by_outcome_and_deadline(cast):
    program = program_with_case_policy()
    officer = cast.officer
    # Closed on time, with a corrective action.
    fixed = received(program, at(3, 1))
    services.acknowledge(fixed, by=officer, now=at(3, 2))
    services.triage(fixed, Scope.IN_SCOPE, reason="Our process.", by=officer, now=at(3, 3))
    action = services.plan_corrective_action(
        fixed,
        what="Staff the line.",
        owner=officer,
        due_on=datetime.date(2026, 4, 1),
        by=officer,
        now=at(3, 4),
    )
    services.complete_corrective_action(
        action,
        done_on=datetime.date(2026, 3, 20),
        verification="Checked.",
        by=officer,
        now=at(3, 20),
    )
    services.close_complaint(fixed, outcome="The line is staffed.", by=officer, now=at(3, 21))
    # Out of scope, closed late (after its 60 days).
    late = received(program, at(5, 1))
    services.acknowledge(late, by=officer, now=at(5, 2))
    services.triage(
        late, Scope.OUT_OF_SCOPE, reason="An employer's matter.", by=officer, now=at(7, 15)
    )
    received(program, at(11, 1))  # still open
    received(program, datetime.datetime(2025, 12, 30, 12, tzinfo=datetime.UTC))  # last year

    [row] = complaint_figures(program, YEAR)

    assert row == {
        "kind": "Complaints",
        "received": 3,
        "decided": 2,
        "on_time": 1,
        "open": 1,
        "outcomes": {"closed with corrective action": 1, "out of scope": 1},
    }
