"""What the recertification tests share: a program with a recertification policy, and a
credential of it whose renewal window is open today."""

import datetime

import pytest

from hallmark.certification import services
from hallmark.certification.models import Credential
from hallmark.programs.models import Program

from factories import recertification_program


@pytest.fixture
def program(db: None) -> Program:
    return recertification_program(designation="CESP")


@pytest.fixture
def credential(cast, program: Program) -> Credential:
    # Issued 30 months ago: the renewal window is open today.
    issued = program.today().replace(day=1) - datetime.timedelta(days=30 * 30)
    return services.issue_credential(cast.candidate, program, issued_on=issued)
