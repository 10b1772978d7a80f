"""Discipline cases: a program with a case policy, a certificant with a credential, four panel
members who may hear their case, and a case brought to its hearing."""

import datetime
from dataclasses import dataclass

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.certification import services
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import Credential, DisciplineCase
from hallmark.programs.models import CasePolicy, Program

from factories.programs import ProgramFactory, UserFactory

__all__ = ["Ground", "case_heard", "discipline_ground", "voted"]


@dataclass
class Ground:
    program: Program
    respondent: User
    credential: Credential
    members: list[User]

    def open(self, officer: User, **kwargs: object) -> DisciplineCase:
        fields: dict[str, object] = {
            "source": "staff",
            "allegations": "Misrepresented the credential on a job application.",
            "credential": self.credential,
        } | kwargs
        return discipline.open_case(self.program, self.respondent, by=officer, **fields)


def discipline_ground() -> Ground:
    program = ProgramFactory(designation="CESP")
    CasePolicy.objects.create(
        program=program,
        effective_from=datetime.date(2020, 1, 1),
        response_days=14,
        appeal_days=30,
        panel_size=3,
        disclosure="sanction",
    )
    respondent = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    credential = services.issue_credential(respondent, program)
    members = [
        UserFactory(email=f"{name}@example.org", roles=[Role.PANEL_MEMBER])
        for name in ("robin", "sam", "kim", "lee")
    ]
    return Ground(program, respondent, credential, members)


def case_heard(ground: Ground, officer: User, **open_kwargs: object) -> DisciplineCase:
    """A case through notice and response to a seated panel (robin chairs)."""
    case = ground.open(officer, **open_kwargs)
    discipline.send_notice(case, by=officer)
    discipline.respond(case, by=ground.respondent, response="I did not.", documents=[])
    case = discipline.open_hearing(case, by=officer)
    for i, member in enumerate(ground.members[:3]):
        discipline.seat(case, member, by=officer, chair=i == 0)
    return case


def voted(case: DisciplineCase, ground: Ground, sanction: str) -> DisciplineCase:
    case.refresh_from_db()
    assert case.panel is not None
    for seat in case.panel.sitting():
        discipline.vote(case, seat, by=seat.reviewer, sanction=sanction, reason="On the evidence.")
    return case
