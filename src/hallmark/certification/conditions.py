"""The conditions of a certification decision besides the pass itself.

Each unmet condition is said in the reader's language (the active one); what is recorded of
them (a release's notes) is said in English (`translation.override("en")` around it).
"""

import datetime
from collections.abc import Sequence

from django.apps import apps
from django.db.models import Min
from django.utils.translation import gettext

from hallmark.accounts.models import User
from hallmark.certification.data import CURRENT_STATUSES, DecisionStatus
from hallmark.certification.models import CertificationDecision, Credential
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import EligibilityPolicy, Program


def _approved_applications(
    program: Program, passes: Sequence[tuple[User, datetime.date]]
) -> tuple[set[datetime.date], dict[int, datetime.date]]:
    """The days of the passes on which the program takes applications (an eligibility policy
    is in force), and each candidate's earliest approval of an application to it.

    The one place that knows the exams app: without it, applications are handled outside
    Hallmark and no day needs one.
    """
    if not apps.is_installed("hallmark.exams"):
        return set(), {}
    days = {day for _, day in passes if EligibilityPolicy.in_force(program, on=day) is not None}
    if not days:
        return days, {}
    from hallmark.exams.data import ApplicationStatus

    application = apps.get_model("exams", "Application")
    approved = (
        application.objects.filter(
            candidate__in=[candidate.pk for candidate, _ in passes],
            program=program,
            status=ApplicationStatus.APPROVED,
        )
        .values("candidate")
        .annotate(first=Min("approved_on"))
    )
    return days, {row["candidate"]: row["first"] for row in approved if row["first"]}


def problems_of_passes(
    program: Program,
    passes: Sequence[tuple[User, datetime.date]],
    *,
    pending: CertificationDecision | None = None,
) -> dict[int, list[str]]:
    """Every reason the program's award cannot be decided for each pass (candidate, day),
    by the candidate's pk; a candidate with none may be decided. A few queries for any number.

    ``pending`` is the decision being confirmed, which does not count against itself.
    """
    candidates = [candidate.pk for candidate, _ in passes]
    current = {
        c.holder_id: c
        for c in Credential.objects.filter(
            holder__in=candidates, program=program, status__in=CURRENT_STATUSES
        )
    }
    waiting = CertificationDecision.objects.filter(
        candidate__in=candidates,
        program=program,
        status__in=[DecisionStatus.PENDING, DecisionStatus.APPROVED],
    )
    if pending is not None:
        waiting = waiting.exclude(pk=pending.pk)
    open_decisions = dict(waiting.values_list("candidate", "status"))
    days_needing, approvals = _approved_applications(program, passes)
    today = program.today()
    problems: dict[int, list[str]] = {}
    for candidate, passed_on in passes:
        found = problems.setdefault(candidate.pk, [])
        said = {
            "designation": program.designation,
            "email": candidate.email,
            "day": f"{passed_on:%Y-%m-%d}",
        }
        if program.status == ProgramStatus.DRAFT:
            found.append(
                gettext("%(designation)s is a draft program: it awards nothing yet.") % said
            )
        if passed_on > today:
            found.append(gettext("The pass on %(day)s is in the future.") % said)
        held = current.get(candidate.pk)
        if held is not None:
            found.append(
                gettext(
                    "%(email)s already holds %(number)s of %(designation)s, which is %(status)s."
                )
                % {**said, "number": held.number, "status": held.get_status_display().lower()}
            )
        status = open_decisions.get(candidate.pk)
        if status == DecisionStatus.PENDING:
            found.append(
                gettext(
                    "A %(designation)s decision for %(email)s is already awaiting an officer's "
                    "confirmation."
                )
                % said
            )
        elif status == DecisionStatus.APPROVED:
            found.append(
                gettext(
                    "A %(designation)s decision for %(email)s is approved and its credential is "
                    "being issued."
                )
                % said
            )
        approved_on = approvals.get(candidate.pk)
        if passed_on in days_needing and (approved_on is None or approved_on > passed_on):
            found.append(
                gettext(
                    "%(email)s has no application to %(designation)s approved on or before the "
                    "pass on %(day)s."
                )
                % said
            )
    return problems


def decision_problems(
    candidate: User,
    program: Program,
    passed_on: datetime.date,
    *,
    pending: CertificationDecision | None = None,
) -> list[str]:
    """Every reason the program's award cannot be decided for this pass (empty: it can)."""
    return problems_of_passes(program, [(candidate, passed_on)], pending=pending)[candidate.pk]
