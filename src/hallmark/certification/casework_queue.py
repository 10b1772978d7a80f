"""The officer's casework in one list: the open appeals, complaints and discipline cases of a
program (or all), each with its next step and the day it is due, the overdue first."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.urls import reverse

from hallmark.certification.casework_figures import case_deadline
from hallmark.certification.complaints import queries as complaints
from hallmark.certification.data import OPEN_APPEAL, OPEN_CASE_STATES, AppealStatus, CaseState
from hallmark.certification.models import Appeal, DisciplineCase
from hallmark.programs.models import Program

KINDS = ("Appeal", "Complaint", "Discipline case")


@dataclass(frozen=True)
class Step:
    kind: str
    reference: str
    url: str
    program: str
    step: str
    due: datetime.date | None  # None: nothing is due by a given day
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    @property
    def order(self) -> tuple[bool, datetime.date, str]:
        return (not self.overdue, self.due or datetime.date.max, self.reference)


def _mine(rows: QuerySet, program: Program | None) -> QuerySet:
    return rows.filter(program=program) if program is not None else rows


def _appeal_step(appeal: Appeal) -> tuple[str, datetime.date | None]:
    if appeal.status == AppealStatus.RECEIVED:
        return "acknowledge", appeal.acknowledge_by
    if appeal.status == AppealStatus.DECIDED:
        return "close once the outcome is carried out", None
    return "decide", appeal.decide_by


def appeal_steps(program: Program | None) -> list[Step]:
    rows = _mine(Appeal.objects.select_related("program"), program)
    steps = []
    for appeal in rows.filter(status__in=OPEN_APPEAL):
        step, due = _appeal_step(appeal)
        url = reverse("appeals:appeal", args=[appeal.pk])
        steps.append(
            Step(
                "Appeal",
                appeal.reference,
                url,
                appeal.program.designation,
                step,
                due,
                appeal.program.today(),
            )
        )
    return steps


def complaint_steps(program: Program | None) -> list[Step]:
    return [
        Step(
            "Complaint",
            row.complaint.reference,
            reverse("complaints:staff-complaint", args=[row.complaint.reference]),
            row.complaint.program.designation,
            row.step,
            row.due,
            row.complaint.program.today(),
        )
        for row in complaints.queue(program)
    ]


def _case_step(case: DisciplineCase) -> tuple[str, datetime.date | None]:
    if case.state == CaseState.OPENED:
        return "send the notice", None
    assert case.response_due is not None  # every later state follows the notice
    if case.state == CaseState.NOTICE_SENT:
        return "await the response (then record that none came)", case.response_due
    return "hear and decide", case_deadline(case.program)(case)


def case_steps(program: Program | None) -> list[Step]:
    rows = _mine(DisciplineCase.objects.select_related("program"), program)
    rows = rows.filter(state__in=OPEN_CASE_STATES).order_by(F("response_due").asc(nulls_last=True))
    steps = []
    for case in rows:
        step, due = _case_step(case)
        url = reverse("discipline:case", args=[case.reference])
        steps.append(
            Step(
                "Discipline case",
                case.reference,
                url,
                case.program.designation,
                step,
                due,
                case.program.today(),
            )
        )
    return steps


def casework(program: Program | None = None) -> list[Step]:
    """Every open case of the three kinds, the overdue first, then by the day the step is due."""
    steps = appeal_steps(program) + complaint_steps(program) + case_steps(program)
    return sorted(steps, key=lambda step: step.order)


def overdue_counts(steps: list[Step]) -> dict[str, int]:
    return {kind: sum(s.overdue for s in steps if s.kind == kind) for kind in KINDS}
