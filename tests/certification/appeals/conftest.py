"""A program with an appeals policy, a bench of three panel members, a credential."""

import datetime

import pytest

from hallmark.certification import services as credentials
from hallmark.certification.models import Credential
from hallmark.programs.models import CasePolicy, Program

from factories import Bench, ProgramFactory, panel_member


@pytest.fixture
def program(db: None) -> Program:
    program = ProgramFactory(designation="CESP", validity_months=36)
    CasePolicy.objects.create(
        program=program,
        effective_from=datetime.date(2020, 1, 1),
        appeal_days=30,
        acknowledge_days=5,
        decide_days=45,
        panel_size=3,
    )
    return program


@pytest.fixture
def bench(db: None) -> Bench:
    return Bench(panel_member("chair"), panel_member("second"), panel_member("third"))


@pytest.fixture
def credential(cast, program) -> Credential:
    return credentials.issue_credential(cast.candidate, program, actor=cast.officer)
