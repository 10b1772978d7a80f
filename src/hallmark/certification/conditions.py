"""The conditions of a certification decision besides the pass itself."""

import datetime

from django.apps import apps

from hallmark.accounts.models import User
from hallmark.certification.data import CURRENT_STATUSES, DecisionStatus
from hallmark.certification.models import CertificationDecision, Credential
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import EligibilityPolicy, Program


def application_problem(candidate: User, program: Program, passed_on: datetime.date) -> str | None:
    """Why the applications do not allow the decision, or None when they do.

    The one place that knows the exams app: a program that takes applications (it has an
    eligibility policy in force on the day of the pass) needs one approved on or before that
    day. Without the exams app, applications are handled outside Hallmark.
    """
    if not apps.is_installed("hallmark.exams"):
        return None
    if EligibilityPolicy.in_force(program, on=passed_on) is None:
        return None
    from hallmark.exams.data import ApplicationStatus

    application = apps.get_model("exams", "Application")
    approved = application.objects.filter(
        candidate=candidate,
        program=program,
        status=ApplicationStatus.APPROVED,
        approved_on__lte=passed_on,
    )
    if approved.exists():
        return None
    return (
        f"{candidate.email} has no application to {program.designation} approved on or before "
        f"the pass on {passed_on:%Y-%m-%d}."
    )


def decision_problems(
    candidate: User,
    program: Program,
    passed_on: datetime.date,
    *,
    pending: CertificationDecision | None = None,
) -> list[str]:
    """Every reason the program's award cannot be decided for this pass (empty: it can).

    ``pending`` is the decision being confirmed, which does not count against itself.
    """
    problems = []
    if program.status == ProgramStatus.DRAFT:
        problems.append(f"{program.designation} is a draft program: it awards nothing yet.")
    if passed_on > program.today():
        problems.append(f"The pass on {passed_on:%Y-%m-%d} is in the future.")
    current = Credential.objects.filter(
        holder=candidate, program=program, status__in=CURRENT_STATUSES
    ).first()
    if current is not None:
        problems.append(
            f"{candidate.email} already holds {current.number} of {program.designation}, "
            f"which is {current.get_status_display().lower()}."
        )
    waiting = CertificationDecision.objects.filter(
        candidate=candidate,
        program=program,
        status__in=[DecisionStatus.PENDING, DecisionStatus.APPROVED],
    )
    if pending is not None:
        waiting = waiting.exclude(pk=pending.pk)
    status = waiting.values_list("status", flat=True).first()
    if status == DecisionStatus.PENDING:
        problems.append(
            f"A {program.designation} decision for {candidate.email} is already awaiting "
            "an officer's confirmation."
        )
    elif status == DecisionStatus.APPROVED:
        problems.append(
            f"A {program.designation} decision for {candidate.email} is approved and its "
            "credential is being issued."
        )
    application = application_problem(candidate, program, passed_on)
    if application:
        problems.append(application)
    return problems
